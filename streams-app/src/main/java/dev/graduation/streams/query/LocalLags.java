package dev.graduation.streams.query;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

/**
 * How far behind this instance's copy of each partition is, in changelog records: the largest
 * lag over the partition's stores ({@code allLocalStorePartitionLags()}), since an answer reads
 * several of them. Kafka Streams measures it by asking the broker for every changelog's end
 * offset, a round trip too slow for every query, so a measurement is reused for {@link #MAX_AGE}:
 * a standby may be up to that much newer traffic behind the lag it reports.
 */
final class LocalLags {

  /** A few commit intervals (100 ms each by default): the staleness a lag figure may add. */
  static final Duration MAX_AGE = Duration.ofMillis(250);

  private record Measured(Map<Integer, Long> lags, long atNanos) {}

  private final Supplier<KafkaStreams> streams;
  private volatile Measured latest = new Measured(Map.of(), System.nanoTime() - MAX_AGE.toNanos() - 1);

  LocalLags(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The partition's lag, measured at most {@link #MAX_AGE} ago; empty if no copy is here. */
  OptionalLong of(int partition) {
    Measured measured = latest;
    if (System.nanoTime() - measured.atNanos() > MAX_AGE.toNanos()) {
      measured = remeasure(measured);
    }
    Long lag = measured.lags().get(partition);
    return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
  }

  /** Every local partition's lag, measured now. */
  Map<Integer, Long> now() {
    return measure();
  }

  /** One measurement for all the threads that found the last one too old. */
  private synchronized Measured remeasure(Measured seen) {
    if (latest == seen) {
      latest = new Measured(measure(), System.nanoTime());
    }
    return latest;
  }

  private Map<Integer, Long> measure() {
    try {
      return perPartition(streams.get().allLocalStorePartitionLags());
    } catch (RuntimeException e) {
      // Not running, or the broker did not answer: no copy here is known to be fresh.
      return Map.of();
    }
  }

  /** Store -> partition -> lag, as Kafka Streams reports it, to partition -> largest lag. */
  static Map<Integer, Long> perPartition(Map<String, Map<Integer, LagInfo>> byStore) {
    Map<Integer, Long> lags = new TreeMap<>();
    byStore.values().forEach(partitions ->
        partitions.forEach((partition, lag) -> lags.merge(partition, lag.offsetLag(), Math::max)));
    return lags;
  }
}
