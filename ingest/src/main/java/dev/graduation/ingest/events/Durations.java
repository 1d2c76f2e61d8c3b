package dev.graduation.ingest.events;

import java.time.Duration;

/** Durations in words for messages: "5 minutes", "30 days", "1 hour", "1500 milliseconds". */
final class Durations {

  private Durations() {}

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"day", "hour", "minute", "second"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis >= sizes[i] && millis % sizes[i] == 0) {
        return plural(millis / sizes[i], units[i]);
      }
    }
    return plural(millis, "millisecond");
  }

  private static String plural(long count, String unit) {
    return count + " " + unit + (count == 1 ? "" : "s");
  }
}
