package dev.graduation.streams.query;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.LagInfo;

/**
 * How far behind this instance's copy of each partition is, in changelog records: the largest
 * lag over the partition's stores ({@code allLocalStorePartitionLags()}), since an answer reads
 * several of them. Kafka Streams measures it by asking the broker for every changelog's end
 * offset, a round trip too slow for every query, so a measurement is reused for {@link #MAX_AGE}:
 * a standby may be up to that much newer traffic behind the lag it reports. A measurement speaks
 * only for the copy it was taken on: once the copy has been reset since ({@link StandbyResets}),
 * the figure is not used.
 */
final class LocalLags {

  /** A few commit intervals (100 ms each by default): the staleness a lag figure may add. */
  static final Duration MAX_AGE = Duration.ofMillis(250);

  /**
   * A local copy of a partition as last measured.
   *
   * @param lag changelog records behind
   * @param generation the copy's reset count ({@link StandbyResets}) before it was measured
   */
  record Copy(long lag, long generation) {}

  private record Measured(Map<Integer, Long> lags, Map<Integer, Long> generations, long startedNanos) {

    Optional<Copy> copy(int partition) {
      Long lag = lags.get(partition);
      return lag == null ? Optional.empty() : Optional.of(new Copy(lag, generations.getOrDefault(partition, 0L)));
    }
  }

  private final Supplier<Map<Integer, Long>> measurement;
  private final StandbyResets resets;
  private volatile Measured latest;

  /**
   * @param measurement partition -> lag of every local copy, measured now ({@link #perPartition}
   *     of {@code allLocalStorePartitionLags()}); throws when that cannot be known
   */
  LocalLags(Supplier<Map<Integer, Long>> measurement, StandbyResets resets) {
    this.measurement = measurement;
    this.resets = resets;
    this.latest = new Measured(Map.of(), Map.of(), System.nanoTime() - MAX_AGE.toNanos() - 1);
  }

  /** The partition's copy, measured at most {@link #MAX_AGE} ago and not reset since. */
  Optional<Copy> of(int partition) {
    Measured measured = latest;
    if (System.nanoTime() - measured.startedNanos() > MAX_AGE.toNanos() || wasReset(measured, partition)) {
      measured = remeasure(measured);
    }
    return measured.copy(partition);
  }

  /**
   * Whether the copy {@code before} described is still the one here, not reset, and still within
   * {@code maxLag} by a measurement started after {@code readEndedNanos}: what a standby answer
   * read before then must prove. Queries waiting together share one measurement.
   */
  boolean stillWithin(int partition, Copy before, long maxLag, long readEndedNanos) {
    if (resets.generation(partition) != before.generation()) {
      return false;
    }
    Measured measured = latest;
    if (measured.startedNanos() - readEndedNanos <= 0) {
      measured = remeasureStartedAfter(readEndedNanos);
    }
    return measured.copy(partition)
        .filter(after -> after.generation() == before.generation() && after.lag() <= maxLag)
        .isPresent();
  }

  /** Every local partition's lag, measured now. */
  Map<Integer, Long> now() {
    return measure().lags();
  }

  private boolean wasReset(Measured measured, int partition) {
    return measured.generations().getOrDefault(partition, 0L) != resets.generation(partition);
  }

  /** One measurement for all the threads that found the last one too old. */
  private synchronized Measured remeasure(Measured seen) {
    if (latest == seen) {
      latest = measure();
    }
    return latest;
  }

  private synchronized Measured remeasureStartedAfter(long nanos) {
    if (latest.startedNanos() - nanos <= 0) {
      latest = measure();
    }
    return latest;
  }

  private Measured measure() {
    long started = System.nanoTime();
    // Reset counts first: a reset during the measurement then shows as a changed count.
    Map<Integer, Long> generations = resets.snapshot();
    Map<Integer, Long> lags;
    try {
      lags = measurement.get();
    } catch (RuntimeException e) {
      // Not running, or the broker did not answer: no copy here is known to be fresh.
      lags = Map.of();
    }
    return new Measured(lags, generations, started);
  }

  /** Store -> partition -> lag, as Kafka Streams reports it, to partition -> largest lag. */
  static Map<Integer, Long> perPartition(Map<String, Map<Integer, LagInfo>> byStore) {
    Map<Integer, Long> lags = new TreeMap<>();
    byStore.values().forEach(partitions ->
        partitions.forEach((partition, lag) -> lags.merge(partition, lag.offsetLag(), Math::max)));
    return lags;
  }
}
