package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Events as the gateway posts them to ingest: one JSON object per line (contract section 3). */
public final class Ndjson {

  private Ndjson() {}

  /** The request body for {@code events}: each one on its own line, RFC 3339 timestamps. */
  public static byte[] body(List<ApiCallEvent> events) {
    StringBuilder out = new StringBuilder(events.size() * 320);
    for (ApiCallEvent event : events) {
      append(out, event);
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void append(StringBuilder out, ApiCallEvent event) {
    out.append("{\"eventId\":");
    string(out, event.getEventId());
    out.append(",\"appId\":");
    string(out, event.getAppId());
    out.append(",\"timestamp\":\"").append(event.getTimestamp()).append('"');
    out.append(",\"method\":");
    string(out, event.getMethod());
    out.append(",\"path\":");
    string(out, event.getPath());
    out.append(",\"status\":").append(event.getStatus());
    if (event.getLatencyMs() != null) {
      out.append(",\"latencyMs\":").append(event.getLatencyMs());
    }
    out.append(",\"environment\":\"").append(event.getEnvironment().name()).append("\"}");
  }

  private static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
