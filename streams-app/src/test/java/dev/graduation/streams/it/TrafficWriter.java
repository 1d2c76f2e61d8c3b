package dev.graduation.streams.it;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import dev.graduation.schemas.Topic;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.it.SeededTraffic.Registered;
import dev.graduation.streams.it.TrafficModel.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes planned traffic straight to the input topics, as ingest would: keyed by appId, stamped
 * with the event time, acks from all replicas; each call returns once every record is acknowledged.
 */
final class TrafficWriter {

  private final KafkaStackExtension kafka;

  TrafficWriter(KafkaStackExtension kafka) {
    this.kafka = kafka;
  }

  /** @return how many records were written */
  long calls(List<Call> calls) throws InterruptedException, ExecutionException {
    List<ApiCallEvent> events = calls.stream().map(TrafficWriter::event).toList();
    return produce(Topics.API_CALLS, events, ApiCallEvent::getAppId, e -> e.getTimestamp().toEpochMilli());
  }

  /** Registrations as of three days before {@code at}, in order (a later one for an app wins). */
  void registrations(List<Registered> registrations, Instant at) throws InterruptedException, ExecutionException {
    Instant registeredAt = at.minus(Duration.ofDays(3));
    List<AppRegistration> values =
        registrations.stream()
            .map(r -> AppRegistration.newBuilder()
                .setAppId(r.appId())
                .setName("Test app " + r.appId())
                .setDescription(r.registration().description())
                .setPermissions(r.registration().permissions())
                .setRegisteredAt(registeredAt)
                .setUpdatedAt(registeredAt)
                .build())
            .toList();
    produce(Topics.APP_REGISTRATIONS, values, AppRegistration::getAppId, r -> r.getUpdatedAt().toEpochMilli());
  }

  static ApiCallEvent event(Call call) {
    return ApiCallEvent.newBuilder()
        .setEventId(call.eventId())
        .setAppId(call.appId())
        .setTimestamp(call.timestamp())
        .setMethod(call.route().method())
        .setPath(call.route().rawPath())
        .setStatus(call.status())
        .setLatencyMs(call.latencyMs())
        .setEnvironment(call.production() ? Environment.production : Environment.sandbox)
        .build();
  }

  /** Sends every value, keyed and stamped as ingest does, and waits for every ack. */
  private <V> long produce(Topic<V> topic, List<V> values, Function<V, String> key, ToLongFunction<V> timestamp)
      throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    List<Future<?>> sent = new ArrayList<>(values.size());
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde(kafka.serdeConfig()).serializer())) {
      for (V value : values) {
        sent.add(producer.send(new ProducerRecord<>(topic.name(), null, timestamp.applyAsLong(value), key.apply(value), value)));
      }
    }
    for (Future<?> future : sent) {
      future.get(); // acknowledged, or the failure surfaces here
    }
    return sent.size();
  }
}
