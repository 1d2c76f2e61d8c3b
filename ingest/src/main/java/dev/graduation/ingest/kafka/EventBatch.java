package dev.graduation.ingest.kafka;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The events of one request on their way to Kafka. Events are sent as they are read, and only a
 * count of unacknowledged ones is kept, so a request of any size costs constant memory here (the
 * producer's own buffer bounds the records in flight and blocks the reader when full).
 *
 * <p>The first failure fails the whole batch: the request answers 503 and claims none of its
 * events. Events of the batch that did reach Kafka stay there; the gateway sends them again and
 * they are removed downstream by eventId.
 */
public final class EventBatch {

  /** Extra wait beyond the producer's delivery timeout, so that its own error is the one seen. */
  static final long AWAIT_MARGIN_MS = 1_000;

  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<ApiCallEvent> serializer;
  private final Timer produceTimer;
  private final Duration produceTimeout;
  private final String topic = Topics.API_CALLS.name();
  /**
   * Events acknowledged so far. Only the producer's I/O thread writes it, and the request thread
   * writes only {@link #sentInAll}: a counter that both moved per event (up on send, down on ack)
   * bounced between the two cores once per event.
   */
  private final AtomicInteger acknowledged = new AtomicInteger();
  /** How many events the request sent, once it has sent its last; -1 before. */
  private volatile int sentInAll = -1;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Callback onAck;
  private int sent;

  EventBatch(
      KafkaProducer<String, byte[]> producer,
      Serializer<ApiCallEvent> serializer,
      Timer produceTimer,
      Duration produceTimeout) {
    this.producer = producer;
    this.serializer = serializer;
    this.produceTimer = produceTimer;
    this.produceTimeout = produceTimeout;
    this.onAck =
        (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(error);
          } else if (acknowledged.incrementAndGet() == sentInAll) {
            // The request has sent its last event, and this was the last acknowledgement.
            done.complete(null);
          }
        };
  }

  /**
   * Hands one event to the producer: key appId, record timestamp = event time. May block while the
   * producer waits for metadata or buffer space (at most the produce timeout).
   *
   * @return false if the batch has already failed, in which case the request should stop reading
   */
  public boolean send(ApiCallEvent event) {
    if (failed()) {
      return false;
    }
    try {
      byte[] value = serializer.serialize(topic, event);
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getAppId(), value);
      sent++;
      long start = System.nanoTime();
      producer.send(
          record,
          (metadata, error) -> {
            produceTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            onAck.onCompletion(metadata, error);
          });
    } catch (RuntimeException e) {
      // Schema Registry unreachable, producer closed, metadata not available within max.block.ms.
      done.completeExceptionally(e);
      return false;
    }
    return true;
  }

  /** Whether some event of the batch could not be written. */
  public boolean failed() {
    return done.isCompletedExceptionally();
  }

  /** How many events were handed to the producer. */
  public int sent() {
    return sent;
  }

  /**
   * Call once, after the last {@link #send}: returns when Kafka has acknowledged every event of the
   * batch.
   *
   * @throws PublishFailedException when some event was not acknowledged within the produce timeout
   */
  public void awaitAcknowledgements() throws PublishFailedException, InterruptedException {
    // Volatile write, then read; the I/O thread increments, then reads: one of the two sees both.
    sentInAll = sent;
    if (acknowledged.get() == sent) {
      done.complete(null);
    }
    try {
      done.get(produceTimeout.toMillis() + AWAIT_MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PublishFailedException("Kafka did not acknowledge the events", e.getCause());
    } catch (TimeoutException e) {
      throw new PublishFailedException(
          "Kafka did not acknowledge the events within " + produceTimeout, e);
    }
  }

  /** The failure, once {@link #failed()}; for the log. */
  public Throwable failure() {
    try {
      done.getNow(null);
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    } catch (java.util.concurrent.CancellationException e) {
      return e;
    }
  }
}
