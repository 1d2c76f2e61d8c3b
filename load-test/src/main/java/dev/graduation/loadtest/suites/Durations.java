package dev.graduation.loadtest.suites;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * Durations as ISO-8601 ({@code PT3M}) or without the {@code PT} ({@code 3m}, {@code 10s},
 * {@code 1h30m}), both read by {@link Duration#parse}.
 */
final class Durations implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Duration.parse(value.regionMatches(true, 0, "P", 0, 1) ? value : "PT" + value);
  }
}
