package dev.graduation.ingest.events;

import java.util.Locale;

/** How a body of events is framed. */
public enum BodyFormat {
  /** One JSON object, or a JSON array of objects. */
  JSON,
  /** Newline-delimited JSON: one event per line. */
  NDJSON;

  /**
   * {@link #NDJSON} for {@code application/x-ndjson} (or {@code application/ndjson}), parameters
   * ignored; {@link #JSON} for anything else, a missing Content-Type included, so that a gateway
   * that forgets the header still gets its JSON read.
   */
  public static BodyFormat fromContentType(String contentType) {
    if (contentType == null) {
      return JSON;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/x-ndjson") || mediaType.equals("application/ndjson")
        ? NDJSON
        : JSON;
  }
}
