package dev.graduation.streams.replay;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a replay is, from the broker: the offsets its consumer group has committed (so, under
 * exactly-once, the records whose effects are in its state) against the end offsets captured when
 * it started. A partition it has committed nothing of yet counts from where it started.
 */
final class ReplayProgress {

  /**
   * @param done records committed since the start offsets
   * @param total records between the start offsets and the end offsets captured at start
   * @param eventsPerSecond records committed per second since this run started
   * @param etaSeconds at that rate, until caught up; null before anything is done
   */
  record Figures(long done, long total, double eventsPerSecond, Long etaSeconds) {
    boolean caughtUp() {
      return done >= total;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final String groupId;
  private final Map<TopicPartition, Long> start;
  private final Map<TopicPartition, Long> target;
  private final long startedNanos = System.nanoTime();
  private final long doneAtStart;

  /**
   * @param start where each input partition starts for this version (its first offset, or where a
   *     resumed run's group had committed)
   * @param target each input partition's end offset when this run started
   */
  ReplayProgress(Admin admin, String groupId, Map<TopicPartition, Long> start, Map<TopicPartition, Long> target,
      Map<TopicPartition, Long> committedAtStart) {
    this.admin = admin;
    this.groupId = groupId;
    this.start = Map.copyOf(start);
    this.target = Map.copyOf(target);
    this.doneAtStart = done(start, target, committedAtStart);
  }

  Figures now() throws InterruptedException {
    long done = done(start, target, committed(admin, groupId));
    long total = total(start, target);
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    double rate = seconds > 0 ? (done - doneAtStart) / seconds : 0;
    Long eta = rate > 0 ? Math.round((total - done) / rate) : null;
    return new Figures(done, total, rate, eta);
  }

  /** Records between start and target, over every partition. */
  static long total(Map<TopicPartition, Long> start, Map<TopicPartition, Long> target) {
    return target.entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L)))
        .sum();
  }

  /** Records committed of those, over every partition (a commit past the target counts as the target). */
  static long done(Map<TopicPartition, Long> start, Map<TopicPartition, Long> target, Map<TopicPartition, Long> committed) {
    long done = 0;
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      long from = start.getOrDefault(e.getKey(), 0L);
      long at = Math.min(e.getValue(), Math.max(from, committed.getOrDefault(e.getKey(), from)));
      done += Math.max(0, at - from);
    }
    return done;
  }

  /** The group's committed offsets (none for a group that never committed). */
  static Map<TopicPartition, Long> committed(Admin admin, String groupId) throws InterruptedException {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, Long> committed = new java.util.HashMap<>();
      offsets.forEach((partition, offset) -> {
        if (offset != null) {
          committed.put(partition, offset.offset());
        }
      });
      return committed;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the committed offsets of " + groupId + ": " + e.getMessage(), e);
    }
  }
}
