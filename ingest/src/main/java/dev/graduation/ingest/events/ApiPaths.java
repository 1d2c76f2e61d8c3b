package dev.graduation.ingest.events;

import java.util.Locale;

/**
 * What a raw request path may not hold. The streams-app stores paths it cannot match against the
 * catalog as endpoint names, shown on dashboards and in remedies, so a hostile path must not reach
 * the topic: no control characters (a NUL, CR or LF would forge log lines and break displays), and
 * no {@code .} or {@code ..} segments (a gateway resolves those before routing, so a path that still
 * holds one was not an API call's path; {@code /../../etc/passwd} is a probe, not an endpoint).
 */
final class ApiPaths {

  static final String CONTROL_CHARACTER = "must not contain control characters";
  static final String DOT_SEGMENT = "must not contain . or .. segments";

  private ApiPaths() {}

  /** Null when {@code path} is fine, else the reason (without the field name). */
  static String problem(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      // C0 controls and DEL (C1 controls are printable-looking code points; left to the display).
      if (c < 0x20 || c == 0x7f) {
        return CONTROL_CHARACTER;
      }
    }
    return hasDotSegment(path) ? DOT_SEGMENT : null;
  }

  /**
   * Whether a segment of the path before any query or fragment is {@code .} or {@code ..}, also
   * percent-encoded ({@code %2e}, RFC 3986 6.2.2.2: the same segment once decoded).
   */
  private static boolean hasDotSegment(String path) {
    int end = path.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = path.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    int start = 1; // after the leading "/"
    while (start <= end) {
      int slash = path.indexOf('/', start);
      int segmentEnd = slash < 0 || slash > end ? end : slash;
      String segment = path.substring(start, segmentEnd).toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
      start = segmentEnd + 1;
    }
    return false;
  }
}
