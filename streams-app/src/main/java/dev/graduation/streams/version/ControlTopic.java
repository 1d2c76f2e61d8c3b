package dev.graduation.streams.version;

import dev.graduation.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The compacted control topic ({@link Topics#CONTROL}): read whole, written one record at a time
 * with acks from all replicas. Plain clients (no consumer group: every reader reads everything).
 */
public final class ControlTopic {

  static final TopicPartition PARTITION = new TopicPartition(Topics.CONTROL.name(), 0);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The latest value of every key, and the offset after the last record read. */
  public record Snapshot(Map<String, String> latest, long endOffset) {}

  private final Properties client;

  /** @param client bootstrap servers and any security settings of the Kafka clients */
  public ControlTopic(Properties client) {
    this.client = client;
  }

  /** Creates the topic if it does not exist (a cluster set up before versions existed). */
  public void ensureExists(short replicationFactor) {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(Topics.CONTROL.newTopic(replicationFactor))).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create " + Topics.CONTROL.name() + ": " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + Topics.CONTROL.name(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out creating " + Topics.CONTROL.name(), e);
    }
  }

  /** Every record up to the end of the topic as it is now. */
  public Snapshot read() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.assign(List.of(PARTITION));
      consumer.seekToBeginning(List.of(PARTITION));
      long end = consumer.endOffsets(List.of(PARTITION), TIMEOUT).get(PARTITION);
      Map<String, String> latest = new HashMap<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(PARTITION, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + Topics.CONTROL.name() + " to offset " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            latest.remove(record.key());
          } else {
            latest.put(record.key(), record.value());
          }
        }
      }
      return new Snapshot(latest, end);
    }
  }

  /** Writes one record and returns once every in-sync replica has it. */
  public void write(String key, String value) {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.CONTROL.name(), key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to " + Topics.CONTROL.name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted writing to " + Topics.CONTROL.name(), e);
    }
  }

  /** A consumer of the control topic, for {@link ActiveVersionFollower}. */
  KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }
}
