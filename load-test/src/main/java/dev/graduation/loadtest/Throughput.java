package dev.graduation.loadtest;

import java.util.Locale;

/** {@code events} handled in {@code nanos} of wall-clock time. */
public record Throughput(String name, long events, long nanos) {

  public double eventsPerSecond() {
    return events * 1e9 / nanos;
  }

  public double seconds() {
    return nanos / 1e9;
  }

  /** This rate as a fraction of {@code baseline}'s. */
  public double ratioTo(Throughput baseline) {
    return eventsPerSecond() / baseline.eventsPerSecond();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "%-44s %,10d events in %7.2f s = %,10.0f events/s", name, events, seconds(), eventsPerSecond());
  }
}
