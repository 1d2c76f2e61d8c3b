package dev.graduation.ingest.kafka;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The valid events of one request, kept serialised while the body is read and handed to the
 * producer only once the whole body has been read and found fit ({@link #publish}). A request
 * refused for what it is (413, 400, 408) therefore leaves nothing on the topic: it never got as far
 * as publishing.
 *
 * <p>The events are serialised as they are added, on the request thread, so that a Schema Registry
 * that cannot be reached stops the request at once (503) and the records kept are Avro bytes, about
 * half the size of their JSON. Memory per request is bounded by {@code max.events.per.request}
 * (each kept record costs its Avro bytes plus ~150 bytes of objects).
 *
 * <p>The first failure while publishing fails the whole batch: the request answers 503 and claims
 * none of its events. Events of the batch that did reach Kafka stay there; the gateway sends the
 * request again and they are removed downstream by eventId.
 */
public final class EventBatch {

  /** Extra wait beyond the producer's delivery timeout, so that its own error is the one seen. */
  static final long AWAIT_MARGIN_MS = 1_000;

  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<ApiCallEvent> serializer;
  private final Timer produceTimer;
  private final Duration produceTimeout;
  private final String topic = Topics.API_CALLS.name();
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private RuntimeException failure;

  EventBatch(
      KafkaProducer<String, byte[]> producer,
      Serializer<ApiCallEvent> serializer,
      Timer produceTimer,
      Duration produceTimeout) {
    this.producer = producer;
    this.serializer = serializer;
    this.produceTimer = produceTimer;
    this.produceTimeout = produceTimeout;
  }

  /**
   * Serialises one event and keeps it for {@link #publish}: key appId, record timestamp = event
   * time. Sends nothing.
   *
   * @return false if it could not be serialised (Schema Registry unreachable); {@link #failure()}
   *     says why, and the request should stop reading
   */
  public boolean add(ApiCallEvent event) {
    try {
      byte[] value = serializer.serialize(topic, event);
      records.add(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), event.getAppId(), value));
      return true;
    } catch (RuntimeException e) {
      failure = e;
      return false;
    }
  }

  /** How many events were added. */
  public int size() {
    return records.size();
  }

  /** Why {@link #add} failed; for the log. */
  public Throwable failure() {
    return failure;
  }

  /**
   * Call once, after the last {@link #add}: hands every event to the producer, then returns when
   * Kafka has acknowledged all of them. A send may block while the producer waits for metadata or
   * buffer space (at most the produce timeout).
   *
   * @throws PublishFailedException when some event was not acknowledged within the produce timeout
   */
  public void publish() throws PublishFailedException, InterruptedException {
    int total = records.size();
    if (total == 0) {
      return;
    }
    // Only the producer's I/O thread counts: a counter moved by both threads (up on send, down on
    // ack) bounced between the two cores once per event.
    AtomicInteger acknowledged = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    for (ProducerRecord<String, byte[]> record : records) {
      if (done.isCompletedExceptionally()) {
        // Kafka already failed this request: sending on would only produce more to discard.
        break;
      }
      long start = System.nanoTime();
      try {
        producer.send(
            record,
            (metadata, error) -> {
              produceTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              if (error != null) {
                done.completeExceptionally(error);
              } else if (acknowledged.incrementAndGet() == total) {
                done.complete(null);
              }
            });
      } catch (RuntimeException e) {
        // Producer closed, metadata not available within max.block.ms.
        done.completeExceptionally(e);
      }
    }
    records.clear();
    try {
      done.get(produceTimeout.toMillis() + AWAIT_MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PublishFailedException("Kafka did not acknowledge the events", e.getCause());
    } catch (TimeoutException e) {
      throw new PublishFailedException(
          "Kafka did not acknowledge the events within " + produceTimeout, e);
    }
  }
}
