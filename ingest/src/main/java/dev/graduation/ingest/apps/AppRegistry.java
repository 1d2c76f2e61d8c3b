package dev.graduation.ingest.apps;

import dev.graduation.events.AppRegistration;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest registration of every app, as the compacted app-registrations topic holds it. A
 * thread reads the topic from the beginning and then keeps following it, so that registrations
 * written by other ingest instances show up too; {@link #isLoaded()} turns true once the thread
 * has caught up with the end of the topic as it was at start.
 *
 * <p>Registrations written by this instance are recorded at once ({@link #recordWritten}) rather
 * than when the thread reads them back. Each entry remembers its offset, and an entry only ever
 * replaces an older offset of the same partition (an app's key always maps to one partition), so
 * the thread reading an older version later cannot undo a newer write.
 */
public final class AppRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppRegistry.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY_AFTER_ERROR = Duration.ofMillis(500);

  private record Entry(AppRegistration registration, int partition, long offset) {}

  private final String topic = Topics.APP_REGISTRATIONS.name();
  private final Map<String, Entry> byApp = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<AppRegistration> deserializer;
  private final Thread reader;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean loaded;
  private Map<TopicPartition, Long> endAtStart;

  public AppRegistry(IngestConfig config) {
    this.deserializer = Topics.APP_REGISTRATIONS.valueSerde(config.serdeConfig()).deserializer();
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties(config), new StringDeserializer(), new ByteArrayDeserializer());
    this.reader = new Thread(this::run, "ingest-app-registry");
    this.reader.setDaemon(true);
  }

  static Properties consumerProperties(IngestConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-app-registry");
    // No group: every instance reads every partition, from the beginning, and commits nothing.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Metadata and offset look-ups give up soon when Kafka is down; the loop retries.
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.putAll(config.kafkaProperties("consumer"));
    return props;
  }

  /** Starts reading the topic in the background. */
  public void start() {
    reader.start();
  }

  /** Whether every registration that existed at start has been read. */
  public boolean isLoaded() {
    return loaded;
  }

  public Optional<AppRegistration> get(String appId) {
    Entry entry = byApp.get(appId);
    return entry == null ? Optional.empty() : Optional.of(entry.registration());
  }

  /** Records a registration this instance has just written (and Kafka acknowledged). */
  public void recordWritten(AppRegistration registration, int partition, long offset) {
    apply(registration.getAppId(), new Entry(registration, partition, offset));
  }

  private void apply(String appId, Entry candidate) {
    byApp.compute(
        appId,
        (key, current) ->
            current == null
                    || current.partition() != candidate.partition()
                    || current.offset() < candidate.offset()
                ? candidate
                : current);
  }

  private void run() {
    try {
      while (closing.getCount() > 0) {
        try {
          if (endAtStart == null && !assign()) {
            closing.await(RETRY_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
            continue;
          }
          for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            read(record);
          }
          if (!loaded && caughtUp()) {
            loaded = true;
            log.info("Read {} app registrations from {}", byApp.size(), topic);
          }
        } catch (WakeupException e) {
          // close() wants us out; the loop condition says so.
        } catch (KafkaException e) {
          log.warn("Reading {} failed, retrying: {}", topic, e.toString());
          closing.await(RETRY_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /** Assigns every partition from the beginning; false while the topic cannot be described. */
  private boolean assign() {
    List<PartitionInfo> partitions = consumer.partitionsFor(topic);
    if (partitions == null || partitions.isEmpty()) {
      log.warn("Topic {} not found yet; registrations stay unavailable until it exists", topic);
      return false;
    }
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
    endAtStart = consumer.endOffsets(assigned);
    return true;
  }

  private boolean caughtUp() {
    for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void read(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      // A tombstone: the registration was deleted (by ops; ingest never writes them).
      Entry current = byApp.get(record.key());
      if (current != null && current.partition() == record.partition() && current.offset() < record.offset()) {
        byApp.remove(record.key(), current);
      }
      return;
    }
    try {
      AppRegistration registration = deserializer.deserialize(record.topic(), record.value());
      apply(record.key(), new Entry(registration, record.partition(), record.offset()));
    } catch (RuntimeException e) {
      log.warn(
          "Skipping unreadable registration at {}-{}@{}: {}",
          record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  @Override
  public void close() {
    closing.countDown();
    consumer.wakeup();
    try {
      reader.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
