package dev.graduation.ingest.kafka;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Kafka producer of the service: api-call events and app registrations, keyed by appId,
 * values in the Avro wire format.
 *
 * <p>Values are serialised here, on the request thread, rather than by the producer, so that a
 * Schema Registry that cannot be reached fails the request like a broker that cannot be reached
 * (both mean "Kafka cannot take them": 503), and both topics share one producer, one buffer and one
 * set of connections.
 */
public final class KafkaPublisher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

  /** Values only serialised to register their schema; never sent. */
  private static final ApiCallEvent SAMPLE_EVENT =
      new ApiCallEvent("sample", "sample", Instant.EPOCH, "GET", "/", 200, null, Environment.sandbox, null);
  private static final AppRegistration SAMPLE_REGISTRATION =
      new AppRegistration("sample", "sample", "", List.of(), Instant.EPOCH, Instant.EPOCH);

  /** Long enough to batch a request's events, short enough not to show in the response time. */
  static final int LINGER_MS = 5;

  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<ApiCallEvent> eventSerializer;
  private final Serializer<AppRegistration> registrationSerializer;
  private final Duration produceTimeout;
  private final Timer eventProduceTimer;
  private final Timer registrationProduceTimer;
  private final CompletableFuture<Void> closing = new CompletableFuture<>();
  /** The producer's own metrics on /metrics: kafka_producer_* (record rates, errors, batch sizes). */
  private final KafkaClientMetrics clientMetrics;

  public KafkaPublisher(IngestConfig config, MeterRegistry metrics) {
    this.produceTimeout = config.produceTimeout();
    this.eventSerializer = Topics.API_CALLS.valueSerde(config.serdeConfig()).serializer();
    this.registrationSerializer =
        Topics.APP_REGISTRATIONS.valueSerde(config.serdeConfig()).serializer();
    this.producer =
        new KafkaProducer<>(producerProperties(config), new StringSerializer(), new ByteArraySerializer());
    this.clientMetrics = new KafkaClientMetrics(producer);
    clientMetrics.bindTo(metrics);
    this.eventProduceTimer = produceTimer(metrics, Topics.API_CALLS.name());
    this.registrationProduceTimer = produceTimer(metrics, Topics.APP_REGISTRATIONS.name());
  }

  private static Timer produceTimer(MeterRegistry metrics, String topic) {
    return Timer.builder("ingest.produce")
        .description("Time from handing a record to the producer to its acknowledgement by Kafka")
        .tag("topic", topic)
        .publishPercentileHistogram()
        .register(metrics);
  }

  /**
   * The producer settings. Every timeout is derived from {@code produceTimeout} so that a broker
   * that is down makes a request fail within that time, never hang: {@code max.block.ms} bounds a
   * send that waits for metadata or buffer space, {@code delivery.timeout.ms} bounds the wait for
   * the acknowledgement, retries included.
   */
  static Properties producerProperties(IngestConfig config) {
    long timeoutMs = config.produceTimeout().toMillis();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest");
    // A 202 promises that the event is on every in-sync replica.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Retries after a lost acknowledgement must not write an event twice.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    // lz4: the cheapest codec in CPU per byte saved, which matters on two cores.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
    // Leaves room for one retry within the delivery timeout (which must be >= linger + request).
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1, (timeoutMs - LINGER_MS) / 2)));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMs));
    // Security (security.protocol, sasl.*, ssl.*) and tuning given in the configuration win...
    props.putAll(config.kafkaProperties("producer"));
    // ...except what a 202 promises: on every in-sync replica, never written twice.
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return props;
  }

  /** A new set of events to send for one request. Not thread-safe: one request thread uses it. */
  public EventBatch newBatch() {
    return new EventBatch(producer, eventSerializer, eventProduceTimer, produceTimeout);
  }

  /**
   * Writes a registration (key appId, record timestamp = its {@code updatedAt}) and waits until
   * Kafka has acknowledged it.
   *
   * @return where it was written
   * @throws PublishFailedException when Kafka (or the Schema Registry) cannot take it in time
   */
  public RecordMetadata publishRegistration(AppRegistration registration)
      throws PublishFailedException, InterruptedException {
    String topic = Topics.APP_REGISTRATIONS.name();
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    long start = System.nanoTime();
    try {
      byte[] value = registrationSerializer.serialize(topic, registration);
      producer.send(
          new ProducerRecord<>(
              topic, null, registration.getUpdatedAt().toEpochMilli(), registration.getAppId(), value),
          (metadata, error) -> {
            registrationProduceTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (error != null) {
              acked.completeExceptionally(error);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      throw new PublishFailedException("could not send the registration", e);
    }
    try {
      return acked.get(produceTimeout.toMillis() + EventBatch.AWAIT_MARGIN_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PublishFailedException("Kafka did not acknowledge the registration", e.getCause());
    } catch (TimeoutException e) {
      throw new PublishFailedException(
          "Kafka did not acknowledge the registration within " + produceTimeout, e);
    }
  }

  /**
   * Registers both value schemas in the background, retrying until the registry answers, so that
   * the first request does not wait on the registry (whose client has timeouts of its own, longer
   * than a short produce timeout). A request that comes first registers the schema itself.
   */
  public void registerSchemasInBackground() {
    Thread thread =
        new Thread(
            () -> {
              while (!closing.isDone()) {
                try {
                  eventSerializer.serialize(Topics.API_CALLS.name(), SAMPLE_EVENT);
                  registrationSerializer.serialize(Topics.APP_REGISTRATIONS.name(), SAMPLE_REGISTRATION);
                  return;
                } catch (RuntimeException e) {
                  log.debug("Schema registry not ready yet: {}", e.toString());
                  try {
                    closing.get(1, TimeUnit.SECONDS);
                  } catch (TimeoutException | ExecutionException retry) {
                    // try again
                  } catch (InterruptedException interrupted) {
                    return;
                  }
                }
              }
            },
            "ingest-schema-registration");
    thread.setDaemon(true);
    thread.start();
  }

  /** Sends what is buffered, then closes; bounded by the produce timeout. */
  @Override
  public void close() {
    closing.complete(null);
    producer.close(produceTimeout);
    clientMetrics.close();
  }
}
