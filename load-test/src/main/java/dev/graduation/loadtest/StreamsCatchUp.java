package dev.graduation.loadtest;

import dev.graduation.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Runs a Kafka Streams app over a pre-loaded api-calls topic and measures how long it takes to
 * consume all of it: done when the offsets committed by its group (under exactly-once, committed
 * with the transaction that holds the state and changelog writes) reach the topic's end offsets.
 * Polled every 50 ms; with the 100 ms commit interval the end is known to within ~150 ms.
 */
public final class StreamsCatchUp {

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

  /**
   * @param fromRunning events over the time from the first RUNNING state to caught up (the figure
   *     to compare: it leaves out the group join, the same for every topology)
   * @param fromStart events over the time from {@code start()} to caught up
   */
  public record Result(Throughput fromRunning, Throughput fromStart, CpuTime.Usage cpu) {
    public double startupSeconds() {
      return (fromStart.nanos() - fromRunning.nanos()) / 1e9;
    }

    /** CPU microseconds per event: of the app's own threads, and of the whole process. */
    public String cpuPerEvent() {
      long events = fromStart.events();
      return String.format(
          Locale.ROOT,
          "%-44s %8.1f us/event on the app's threads, %8.1f us/event in the whole process (broker, GC, JIT included)",
          fromStart.name().replace(" (from start())", " CPU"),
          cpu.appThreadNanos() / 1e3 / events,
          cpu.processNanos() / 1e3 / events);
    }
  }

  private StreamsCatchUp() {}

  /** The round with the median rate from RUNNING (of an even count, the upper one). */
  public static Result median(List<Result> rounds) {
    List<Result> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(result -> result.fromRunning().eventsPerSecond()));
    return sorted.get(sorted.size() / 2);
  }

  /** Starts the app, waits until it has consumed all of api-calls, closes it cleanly. */
  public static Result run(String name, Topology topology, Properties props, Duration timeout) {
    String bootstrap = props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    String group = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    try (Admin admin = admin(bootstrap)) {
      Map<TopicPartition, Long> end = endOffsets(admin);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      AtomicLong runningAt = new AtomicLong();
      AtomicReference<Throwable> died = new AtomicReference<>();
      KafkaStreams streams = new KafkaStreams(topology, props);
      try {
        streams.setStateListener(
            (now, before) -> {
              if (now == KafkaStreams.State.RUNNING) {
                runningAt.compareAndSet(0, System.nanoTime());
              }
            });
        streams.setUncaughtExceptionHandler(
            exception -> {
              died.compareAndSet(null, exception);
              return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        CpuTime cpu = CpuTime.start(group);
        long start = System.nanoTime();
        streams.start();
        long done = awaitCommitted(admin, group, end, name, start, timeout, () -> {
          Throwable error = died.get();
          if (error != null || streams.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException(name + ": a stream thread died", error);
          }
        });
        CpuTime.Usage used = cpu.stop();
        long running = runningAt.get() == 0 ? start : runningAt.get();
        return new Result(
            new Throughput(name + " (from RUNNING)", total, done - running),
            new Throughput(name + " (from start())", total, done - start),
            used);
      } finally {
        // Leave the group, so that a StreamsApp started next on the same state is not kept
        // waiting a session timeout (45 s) for this member to expire.
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(60)));
      }
    }
  }

  /**
   * Blocks until {@code group}'s committed offsets on api-calls reach {@code end}; returns the
   * {@link System#nanoTime()} at which it saw them there.
   */
  public static long awaitCommitted(
      Admin admin, String group, Map<TopicPartition, Long> end, String name, long start, Duration timeout,
      Runnable check) {
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    long deadline = start + timeout.toNanos();
    long nextProgress = start + PROGRESS_NANOS;
    while (true) {
      check.run();
      long consumed = committed(admin, group, end);
      long now = System.nanoTime();
      if (consumed >= total) {
        return now;
      }
      if (now - deadline > 0) {
        throw new IllegalStateException(
            name + ": consumed " + consumed + " of " + total + " events within " + timeout + "; giving up");
      }
      if (now - nextProgress > 0) {
        System.out.printf(
            Locale.ROOT, "  %s: %,d of %,d events after %.0f s%n", name, consumed, total, (now - start) / 1e9);
        nextProgress = now + PROGRESS_NANOS;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** End offsets of every api-calls partition. */
  public static Map<TopicPartition, Long> endOffsets(Admin admin) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Topics.API_CALLS.partitions(); p++) {
      latest.put(new TopicPartition(Topics.API_CALLS.name(), p), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> end = new HashMap<>();
    get(admin.listOffsets(latest).all()).forEach((tp, info) -> end.put(tp, info.offset()));
    return end;
  }

  /** Events of api-calls the group has committed, capped per partition at {@code end}. */
  public static long committed(Admin admin, String group, Map<TopicPartition, Long> end) {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      OffsetAndMetadata committed = offsets.get(partition.getKey());
      if (committed != null) {
        sum += Math.min(committed.offset(), partition.getValue());
      }
    }
    return sum;
  }

  public static Admin admin(String bootstrap) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Admin request failed", e);
    }
  }
}
