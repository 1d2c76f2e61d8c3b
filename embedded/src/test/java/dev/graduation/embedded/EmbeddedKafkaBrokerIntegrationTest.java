package dev.graduation.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.schemas.Topic;
import dev.graduation.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the other modules rely on: the declared topics, single-node transactions, no auto-create. */
@Tag("integration")
class EmbeddedKafkaBrokerIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  @Test
  void createsEveryTopicAsDeclaredAndCreatingThemAgainIsANoOp() throws Exception {
    KAFKA.broker().createTopics(Topics.ALL);

    Set<String> names = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());
    try (Admin admin = admin()) {
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get();
      assertThat(described.values())
          .extracting(d -> Map.entry(d.name(), d.partitions().size()))
          .containsExactlyInAnyOrder(
              Map.entry("api-calls", 6),
              Map.entry("app-registrations", 6),
              Map.entry("api-calls-dlq", 1),
              Map.entry("eligibility-changes", 6),
              Map.entry("graduation-control", 1));
      Config registrations = topicConfig(admin, Topics.APP_REGISTRATIONS.name());
      Config apiCalls = topicConfig(admin, Topics.API_CALLS.name());
      assertThat(registrations.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(topicConfig(admin, Topics.CONTROL.name()).get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(apiCalls.get("cleanup.policy").value()).isEqualTo("delete");
      assertThat(apiCalls.get("retention.ms").value()).isEqualTo(Long.toString(35L * 24 * 3600 * 1000));
    }
  }

  @Test
  void runsWithoutAutoCreatedTopicsAndWithSingleReplicaInternalTopics() throws Exception {
    try (Admin admin = admin()) {
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
      assertThat(config.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
      assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
      assertThat(KAFKA.broker().bootstrapServers())
          .isEqualTo("127.0.0.1:" + KAFKA.broker().port());
    }
  }

  @Test
  void committedTransactionsAreVisibleAndAbortedOnesAreNot() {
    String topic = Topics.API_CALLS_DLQ.name();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-broker-test"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (String value : List.of("c1", "c2", "c3")) {
        producer.send(new ProducerRecord<>(topic, "app", value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "app", "a1".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "app", "c4".getBytes(StandardCharsets.UTF_8)));
      producer.commitTransaction();
    }

    TopicPartition partition = new TopicPartition(topic, 0);
    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
                return consumer.position(partition) >= end;
              });
    }
    assertThat(read).containsExactly("c1", "c2", "c3", "c4");
  }

  @Test
  void consumerGroupsJoinAndCommitOffsets() throws Exception {
    String topic = Topics.ELIGIBILITY_CHANGES.name();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 12; i++) {
        producer.send(new ProducerRecord<>(topic, "app-" + i, "v" + i)).get();
      }
    }

    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "embedded-broker-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
                return read.size() >= 12;
              });
      consumer.commitSync();
    }

    try (Admin admin = admin()) {
      long committed =
          admin.listConsumerGroupOffsets("embedded-broker-test").partitionsToOffsetAndMetadata().get()
              .values().stream()
              .mapToLong(OffsetAndMetadata::offset)
              .sum();
      assertThat(committed).isEqualTo(12);
    }
    assertThat(read).hasSize(12);
    assertThat(Set.copyOf(read))
        .isEqualTo(
            IntStream.range(0, 12).mapToObj(i -> "v" + i).collect(Collectors.toSet()));
  }

  private static Config topicConfig(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
  }
}
