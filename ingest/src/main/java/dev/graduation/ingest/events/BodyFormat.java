package dev.graduation.ingest.events;

import java.util.Locale;

/** How a body of events is framed. */
public enum BodyFormat {
  /** One JSON object, or a JSON array of objects. */
  JSON,
  /** Newline-delimited JSON: one event per line. */
  NDJSON;

  /**
   * {@link #NDJSON} for {@code application/x-ndjson} (or {@code application/ndjson}), {@link #JSON}
   * for {@code application/json}, parameters ignored, and for a missing Content-Type (the contract
   * does not require one, and a gateway that forgets the header still gets its JSON read); null for
   * any other type ({@code text/plain}, {@code application/xml}, ...), which the caller refuses
   * with 415: the client sent something it did not mean to.
   */
  public static BodyFormat fromContentType(String contentType) {
    if (contentType == null) {
      return JSON;
    }
    return switch (contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)) {
      case "application/json" -> JSON;
      case "application/x-ndjson", "application/ndjson" -> NDJSON;
      default -> null;
    };
  }
}
