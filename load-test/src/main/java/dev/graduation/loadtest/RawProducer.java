package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline every ingest figure is compared with: a plain KafkaProducer doing the work ingest
 * does per event (Avro wire-format serialisation, key appId, record timestamp = event time) with
 * ingest's producer settings (acks=all, idempotent, 5 in flight, linger 5 ms, 128 KiB batches,
 * lz4; see {@code dev.graduation.ingest.kafka.KafkaPublisher}), sending asynchronously and
 * flushing once at the end. No HTTP, no JSON, no per-request wait for acknowledgements.
 */
public final class RawProducer {

  private RawProducer() {}

  public static Properties properties(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return props;
  }

  /** Sends {@code events} to api-calls and returns once every one is acknowledged. */
  public static Throughput send(
      String name, String bootstrapServers, Map<String, Object> serdeConfig, List<ApiCallEvent> events) {
    try (KafkaProducer<String, ApiCallEvent> producer =
        new KafkaProducer<>(
            properties(bootstrapServers),
            new StringSerializer(),
            Topics.API_CALLS.valueSerde(serdeConfig).serializer())) {
      return timedSend(name, producer, events, events::get);
    }
  }

  /**
   * Sends each event's value, timed from the first send to the last acknowledgement. Metadata and
   * the registry lookup happen before the clock starts, as in a warm ingest.
   */
  private static <V> Throughput timedSend(
      String name, KafkaProducer<String, V> producer, List<ApiCallEvent> events, IntFunction<V> value) {
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    producer.partitionsFor(Topics.API_CALLS.name());
    long start = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      ApiCallEvent event = events.get(i);
      producer.send(
          new ProducerRecord<>(
              Topics.API_CALLS.name(), null, event.getTimestamp().toEpochMilli(), event.getAppId(), value.apply(i)),
          (metadata, error) -> {
            if (error != null) {
              failed.incrementAndGet();
              firstError.compareAndSet(null, error);
            }
          });
    }
    producer.flush();
    long nanos = System.nanoTime() - start;
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " sends failed", firstError.get());
    }
    return new Throughput(name, events.size(), nanos);
  }

  /** Avro wire-format bytes of each event, as the serializer of {@link #send} makes them. */
  public static List<byte[]> serialize(Map<String, Object> serdeConfig, List<ApiCallEvent> events) {
    Serializer<ApiCallEvent> serializer = Topics.API_CALLS.valueSerde(serdeConfig).serializer();
    List<byte[]> values = new ArrayList<>(events.size());
    for (ApiCallEvent event : events) {
      values.add(serializer.serialize(Topics.API_CALLS.name(), event));
    }
    return values;
  }

  /**
   * {@link #send} without the serialisation: the values are already bytes. What is left is the
   * producer and the broker: the ceiling of any ingest path on this broker.
   */
  public static Throughput sendBytes(
      String name, String bootstrapServers, List<ApiCallEvent> events, List<byte[]> values) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(properties(bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
      return timedSend(name, producer, events, values::get);
    }
  }

  /** Writes the registrations to app-registrations and waits for all of them. */
  public static void register(
      String bootstrapServers, Map<String, Object> serdeConfig, List<AppRegistration> registrations) {
    try (KafkaProducer<String, AppRegistration> producer =
        new KafkaProducer<>(
            properties(bootstrapServers),
            new StringSerializer(),
            Topics.APP_REGISTRATIONS.valueSerde(serdeConfig).serializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      for (AppRegistration registration : registrations) {
        acks.add(producer.send(
            new ProducerRecord<>(
                Topics.APP_REGISTRATIONS.name(),
                null,
                registration.getUpdatedAt().toEpochMilli(),
                registration.getAppId(),
                registration)));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while registering apps", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot register apps", e.getCause());
    }
  }
}
