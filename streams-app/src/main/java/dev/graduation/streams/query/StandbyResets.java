package dev.graduation.streams.query;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Counts, per partition, the times this instance's standby copy started or stopped being updated.
 *
 * <p>Why: a standby copy can be wiped and rebuilt from its changelog at any moment (under
 * exactly-once a copy without a checkpoint is "corrupted": after a crash, and after most moves
 * between instances), and the lag Kafka Streams reports is measured at one instant, by a broker
 * round trip too slow for every query. A lag figure is only evidence about the copy it was
 * measured on: {@link LocalLags} keeps the count it saw with each figure, and a standby answer is
 * dropped when the count moved between that measurement and the end of the read.
 */
final class StandbyResets implements StandbyUpdateListener {

  private final Map<Integer, AtomicLong> resets = new ConcurrentHashMap<>();

  /** How many times the standby copy of {@code partition} here started or stopped so far. */
  long generation(int partition) {
    AtomicLong count = resets.get(partition);
    return count == null ? 0 : count.get();
  }

  /** Every partition's count now. */
  Map<Integer, Long> snapshot() {
    Map<Integer, Long> counts = new HashMap<>();
    resets.forEach((partition, count) -> counts.put(partition, count.get()));
    return counts;
  }

  @Override
  public void onUpdateStart(TopicPartition changelog, String storeName, long startingOffset) {
    reset(changelog);
  }

  @Override
  public void onBatchLoaded(
      TopicPartition changelog, String storeName, TaskId taskId,
      long batchEndOffset, long batchSize, long currentEndOffset) {
    // Progress, not a reset: the lag measurement says how far along the copy is.
  }

  @Override
  public void onUpdateSuspended(
      TopicPartition changelog, String storeName, long storeOffset, long currentEndOffset, SuspendReason reason) {
    reset(changelog);
  }

  private void reset(TopicPartition changelog) {
    resets.computeIfAbsent(changelog.partition(), ignored -> new AtomicLong()).incrementAndGet();
  }
}
