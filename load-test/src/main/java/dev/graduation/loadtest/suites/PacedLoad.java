package dev.graduation.loadtest.suites;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.loadtest.KafkaStack;
import dev.graduation.loadtest.RawProducer;
import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.schemas.Topics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Events of a {@link TrafficGenerator} sent to api-calls at a fixed rate, from a thread of its own,
 * by a KafkaProducer with ingest's settings ({@link RawProducer}): every 10 ms it sends what the
 * rate owes since the start, so a late tick catches up instead of lowering the rate.
 */
final class PacedLoad implements AutoCloseable {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final KafkaProducer<String, ApiCallEvent> producer;
  private final TrafficGenerator traffic;
  private final double rate;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstError = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stopping;
  private long startNanos;

  private PacedLoad(KafkaStack stack, TrafficGenerator traffic, double rate) {
    this.producer = new KafkaProducer<>(
        RawProducer.properties(stack.bootstrapServers()), new StringSerializer(),
        Topics.API_CALLS.valueSerde(stack.serdeConfig()).serializer());
    this.traffic = traffic;
    this.rate = rate;
    this.thread = new Thread(this::run, "paced-load");
    this.thread.setDaemon(true);
  }

  static PacedLoad start(KafkaStack stack, TrafficGenerator traffic, double rate) {
    PacedLoad load = new PacedLoad(stack, traffic, rate);
    load.startNanos = System.nanoTime();
    load.thread.start();
    return load;
  }

  private void run() {
    long next = startNanos;
    while (!stopping) {
      long owed = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
      for (long i = sent.get(); i < owed && !stopping; i++) {
        ApiCallEvent event = traffic.event(i);
        producer.send(
            new ProducerRecord<>(
                Topics.API_CALLS.name(), null, event.getTimestamp().toEpochMilli(), event.getAppId(), event),
            (metadata, error) -> {
              if (error != null) {
                failed.incrementAndGet();
                firstError.compareAndSet(null, error);
              }
            });
        sent.incrementAndGet();
      }
      next += TICK_NANOS;
      LockSupport.parkNanos(next - System.nanoTime());
    }
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  /** The rate achieved so far, events/s. */
  double achievedRate() {
    return sent.get() * 1e9 / (System.nanoTime() - startNanos);
  }

  /** The first failed send, or null. */
  Exception firstError() {
    return firstError.get();
  }

  /** Stops sending and waits until everything sent is acknowledged or failed. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(Duration.ofMinutes(1).toMillis());
    producer.close(Duration.ofMinutes(1));
  }
}
