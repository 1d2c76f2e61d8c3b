package dev.graduation.streams.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How the evaluation window is derived from the evaluation instant (contract section 7). */
public enum WindowMode {
  /** From 00:00:00Z of the day before {@code at}'s UTC day up to {@code at}. The default. */
  CALENDAR,
  /** The 48 hours ending at {@code at}. */
  ROLLING;

  /** The inclusive start of the window that ends (inclusively) at {@code at}. */
  public Instant windowStart(Instant at) {
    return switch (this) {
      case CALENDAR -> at.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
      case ROLLING -> at.minus(Duration.ofHours(48));
    };
  }
}
