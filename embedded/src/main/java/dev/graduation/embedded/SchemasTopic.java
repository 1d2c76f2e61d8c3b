package dev.graduation.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: a compacted topic ({@code _schemas}) in Confluent Schema Registry's
 * layout, so the topic reads the same to a real registry:
 *
 * <pre>
 * key                                                        value
 * {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}     {"subject","version","id","schema","deleted"}; null: deleted for good
 * {"keytype":"DELETE_SUBJECT","subject":s,"magic":0}         {"subject":s,"version":v}: versions up to v soft-deleted
 * {"keytype":"CONFIG","subject":s,"magic":0}                 {"subject":s,"compatibilityLevel":"FULL"}; null: level removed
 * {"keytype":"CONFIG","magic":0}                             {"compatibilityLevel":"FULL"}: the global level
 * </pre>
 */
final class SchemasTopic implements AutoCloseable {

  static final String DEFAULT_TOPIC = "_schemas";

  private static final Logger LOG = LoggerFactory.getLogger(SchemasTopic.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String topic;
  private final TopicPartition partition;
  private KafkaProducer<String, String> producer;

  SchemasTopic(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
  }

  /** Creates the topic (one partition, compacted) unless it already exists. */
  void ensureExists() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()))) {
      // One partition keeps a total order of registrations; replication is the broker default.
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Cannot create " + topic + " on " + bootstrapServers, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating " + topic + " on " + bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + topic, e);
    }
  }

  /** Reads the topic from the beginning to its current end into {@code store}. */
  void replayInto(SchemaStore store) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    int count = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (consumer.position(partition, TIMEOUT) < end) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Timed out replaying " + topic + " up to offset " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record, store);
          count++;
        }
      }
    }
    LOG.info("Replayed {} records of {}", count, topic);
  }

  /** Writes one version (live or soft-deleted) and waits until the broker has it on all in-sync replicas. */
  void append(RegisteredSchema registered) {
    ObjectNode value = JSON.createObjectNode();
    value.put("subject", registered.subject());
    value.put("version", registered.version());
    value.put("id", registered.id());
    value.put("schema", registered.schema());
    value.put("deleted", registered.deleted());
    send(schemaKey(registered.subject(), registered.version()), value);
  }

  /** Deletes a version for good: a tombstone, which compaction eventually removes with the version. */
  void deleteForGood(String subject, int version) {
    send(schemaKey(subject, version), null);
  }

  /** Soft-deletes every version of {@code subject} up to {@code version}. */
  void softDeleteSubject(String subject, int version) {
    ObjectNode value = JSON.createObjectNode();
    value.put("subject", subject);
    value.put("version", version);
    send(subjectKey("DELETE_SUBJECT", subject), value);
  }

  /** Sets ({@code level} non-null) or removes a compatibility level; {@code subject} null: global. */
  void configure(String subject, CompatibilityLevel level) {
    ObjectNode value = null;
    if (level != null) {
      value = JSON.createObjectNode();
      if (subject != null) {
        value.put("subject", subject);
      }
      value.put("compatibilityLevel", level.name());
    }
    send(subjectKey("CONFIG", subject), value);
  }

  private static ObjectNode schemaKey(String subject, int version) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", "SCHEMA");
    key.put("subject", subject);
    key.put("version", version);
    key.put("magic", 1);
    return key;
  }

  /** The key of a subject-wide record; Confluent leaves the subject out of the global config's. */
  private static ObjectNode subjectKey(String keyType, String subject) {
    ObjectNode key = JSON.createObjectNode();
    key.put("keytype", keyType);
    if (subject != null) {
      key.put("subject", subject);
    }
    key.put("magic", 0);
    return key;
  }

  private void send(ObjectNode key, ObjectNode value) {
    try {
      producer()
          .send(new ProducerRecord<>(topic, 0, key.toString(), value == null ? null : value.toString()))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RegistryException(
          500, 50001, "Error in the backend data store: cannot write to " + topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(500, 50001, "Interrupted while writing to " + topic);
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }

  private synchronized KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                  ProducerConfig.ACKS_CONFIG, "all",
                  ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                  ProducerConfig.LINGER_MS_CONFIG, 0,
                  ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis(),
                  ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                  ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
              new StringSerializer(),
              new StringSerializer());
    }
    return producer;
  }

  private void apply(ConsumerRecord<String, String> record, SchemaStore store) {
    try {
      JsonNode key = record.key() == null ? null : JSON.readTree(record.key());
      if (key == null) {
        return;
      }
      JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
      String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
      switch (key.path("keytype").asText()) {
        case "SCHEMA" -> applySchema(subject, key.path("version").asInt(), value, store);
        case "DELETE_SUBJECT" -> {
          if (value != null) {
            store.softDeleteUpTo(subject, value.path("version").asInt());
          }
        }
        case "CONFIG" -> store.setLevel(subject, value == null ? null : level(value));
        default -> {
          // NOOP, MODE and the other records of a real registry: nothing this one uses
        }
      }
    } catch (IOException | RegistryException e) {
      LOG.warn("Skipping unreadable record at offset {} of {}", record.offset(), topic, e);
    }
  }

  private static void applySchema(String subject, int version, JsonNode value, SchemaStore store) {
    if (value == null) {
      store.remove(subject, version);
      return;
    }
    store.apply(
        new RegisteredSchema(
            value.path("subject").asText(subject),
            value.path("version").asInt(version),
            value.path("id").asInt(),
            value.path("schema").asText(),
            value.path("deleted").asBoolean(false)));
  }

  /** A config without a compatibility level (a real registry's other settings) clears none. */
  private static CompatibilityLevel level(JsonNode value) {
    JsonNode level = value.get("compatibilityLevel");
    return level == null || !level.isTextual() ? null : CompatibilityLevel.parse(level.asText());
  }
}
