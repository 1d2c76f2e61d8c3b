package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.TrafficGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/** The traffic every suite loads: {@link TrafficGenerator}'s, with its seed and time span. */
public final class TrafficOptions {

  @Option(names = "--seed", defaultValue = "20261125", description = "Traffic seed (the live traffic of soak and freshness uses seed + 1).")
  long seed;

  @Option(names = "--span", defaultValue = "PT48H", converter = Durations.class, description = "The loaded events' times go back this far from now.")
  Duration span;

  /** {@code events} events over {@code apps} apps, ending now. */
  TrafficGenerator history(int apps, long events) {
    return new TrafficGenerator(
        new TrafficGenerator.Settings(seed, apps, events, Instant.now().truncatedTo(ChronoUnit.SECONDS), span));
  }

  /**
   * Traffic sent while a suite runs, {@code rate} events/s for {@code duration}, event times
   * following the clock. Another seed than {@link #history}: the same seed would repeat its event
   * ids (duplicates, dropped) and its apps; these apps get no history.
   */
  TrafficGenerator live(int apps, double rate, Duration duration) {
    long events = Math.max(1, (long) (rate * duration.toSeconds()));
    return new TrafficGenerator(
        new TrafficGenerator.Settings(seed + 1, apps, events, Instant.now().plus(duration), duration));
  }
}
