package dev.graduation.embedded;

import static org.awaitility.Awaitility.await;

import dev.graduation.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Producing to and reading back from a typed topic, for broker-backed tests. */
public final class TestRecords {

  private TestRecords() {}

  /** Sends every value keyed by {@code key} with acks=all and waits for every ack. */
  public static <V> void produce(
      String bootstrapServers,
      Topic<V> topic,
      Map<String, Object> serdeConfig,
      List<V> values,
      Function<V, String> key)
      throws InterruptedException, ExecutionException {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
            topic.keySerde().serializer(),
            topic.valueSerde(serdeConfig).serializer())) {
      List<Future<RecordMetadata>> acks = new ArrayList<>(values.size());
      for (V value : values) {
        acks.add(producer.send(new ProducerRecord<>(topic.name(), key.apply(value), value)));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    }
  }

  /**
   * Reads every partition of {@code topic} from the beginning until {@code expected} records have
   * arrived (or a minute has passed), without a consumer group.
   */
  public static <V> List<ConsumerRecord<String, V>> readAll(
      String bootstrapServers, Topic<V> topic, Map<String, Object> serdeConfig, int expected) {
    List<TopicPartition> partitions =
        IntStream.range(0, topic.partitions())
            .mapToObj(p -> new TopicPartition(topic.name(), p))
            .toList();
    List<ConsumerRecord<String, V>> received = new ArrayList<>(expected);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
            topic.keySerde().deserializer(),
            topic.valueSerde(serdeConfig).deserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= expected;
              });
    }
    return received;
  }

  /** The sum of the end offsets of every partition: how many records the topic holds. */
  public static long endOffsetSum(String bootstrapServers, Topic<?> topic) {
    List<TopicPartition> partitions =
        IntStream.range(0, topic.partitions())
            .mapToObj(p -> new TopicPartition(topic.name(), p))
            .toList();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
