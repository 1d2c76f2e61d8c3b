package dev.graduation.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of both services: a number with a unit ({@code 500ms}, {@code 15s},
 * {@code 2m}, {@code 1h}, {@code 7d}) or ISO-8601 ({@code PT15S}, {@code PT0.1S}), so that old
 * configuration files in either style keep working.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /** @throws IllegalArgumentException saying which forms are understood */
  public static Duration parse(String value) {
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long number = Sizes.parseLong(m.group(1), value);
      try {
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "ms" -> Duration.ofMillis(number);
          case "s" -> Duration.ofSeconds(number);
          case "m" -> Duration.ofMinutes(number);
          case "h" -> Duration.ofHours(number);
          default -> Duration.ofDays(number);
        };
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("'" + value + "' is too large");
      }
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    }
  }

  /** The shortest of the unit forms that {@link #parse} reads back exactly: 100ms, 15s, 5m, 30d. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (duration.isZero()) {
      return "0s";
    }
    if (ms < 0 || !duration.equals(Duration.ofMillis(ms))) {
      // Negative, or finer than a millisecond: only ISO-8601 says it.
      return duration.toString();
    }
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
