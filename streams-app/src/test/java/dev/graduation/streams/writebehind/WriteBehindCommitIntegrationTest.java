package dev.graduation.streams.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.embedded.KafkaStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard of this package's reliance on Kafka Streams internals (README.md beside the code):
 * under exactly-once, a commit never makes visible a changelog that lacks writes the stream
 * thread made before it. A counting write-behind store runs on a real broker; after several
 * commits a planted failure kills the task dirty (its open transaction is aborted). What is
 * committed must then agree to the record: the changelog, read committed, holds exactly one count
 * per input record below the committed offset.
 *
 * <p>Seen failing with {@code WriteBehindStore.flushCache()} made a no-op (the writes then happen
 * in {@code flush()}, which Kafka Streams calls after the commit): the committed changelog lagged
 * the committed offsets.
 */
@Tag("integration")
@Timeout(180)
class WriteBehindCommitIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String INPUT = "write-behind-guard-input";
  private static final String APP_ID = "write-behind-guard";
  private static final String STORE = "counts";
  private static final String BOOM = "boom";
  private static final int KEYS = 10;

  @TempDir Path stateDir;

  @Test
  void aCommitCarriesEveryWriteMadeBeforeIt() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
        KafkaProducer<String, String> producer = producer()) {
      admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      try (KafkaStreams streams = new KafkaStreams(topology(), properties())) {
        streams.setUncaughtExceptionHandler(exception -> {
          failure.set(exception);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();

        send(producer, 0, 2_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> committedOffset(admin) >= 2_000);
        // More records, then the planted failure: the transaction open at that moment holds
        // writes of records past the last commit, and is aborted.
        send(producer, 2_000, 6_000);
        producer.send(new ProducerRecord<>(INPUT, "k0", BOOM)).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.ERROR);
      }
      assertThat(failure.get()).hasRootCauseMessage("planted failure");

      long committed = committedOffset(admin);
      assertThat(committed).as("committed input offset").isBetween(2_000L, 6_000L);
      Map<String, Long> counts = committedChangelog();
      long counted = counts.values().stream().mapToLong(Long::longValue).sum();
      assertThat(counted).as("counts in the committed changelog, per key " + counts).isEqualTo(committed);
    }
  }

  private static org.apache.kafka.streams.Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        new WriteBehindStoreBuilder<>(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()),
            CountingStore::new));
    builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String())).process(CountingProcessor::new, STORE);
    return builder.build();
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // Many commits while the test sends: the failure lands between two of them.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    return props;
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      producer.send(new ProducerRecord<>(INPUT, "k" + (i % KEYS), Integer.toString(i)));
    }
    producer.flush();
  }

  private static long committedOffset(Admin admin) throws Exception {
    OffsetAndMetadata offset =
        admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get().get(new TopicPartition(INPUT, 0));
    return offset == null ? 0 : offset.offset();
  }

  /** The changelog as a restore would read it: committed records only, latest value per key. */
  private static Map<String, Long> committedChangelog() {
    Map<String, Long> latest = new HashMap<>();
    TopicPartition changelog = new TopicPartition(APP_ID + "-" + STORE + "-changelog", 0);
    try (KafkaConsumer<String, Long> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new StringDeserializer(),
            new LongDeserializer())) {
      consumer.assign(List.of(changelog));
      consumer.seekToBeginning(List.of(changelog));
      long end = consumer.endOffsets(List.of(changelog)).get(changelog);
      while (consumer.position(changelog) < end) {
        for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
          latest.put(record.key(), record.value());
        }
      }
    }
    return latest;
  }

  /** Counts records per key; fails on the planted record. */
  private static final class CountingProcessor implements Processor<String, String, Void, Void> {
    private CountingStore counts;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      counts = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      if (BOOM.equals(record.value())) {
        throw new IllegalStateException("planted failure");
      }
      counts.increment(record.key(), record.timestamp());
    }
  }

  /** Counts held live in memory, written to the store underneath when the task commits. */
  private static final class CountingStore extends WriteBehindStore<KeyValueStore<String, Long>> {
    private final Map<String, Long> live = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private long lastTimestamp;

    CountingStore(KeyValueStore<String, Long> inner) {
      super(inner);
    }

    void increment(String key, long timestamp) {
      Long stored = live.containsKey(key) ? live.get(key) : inner.get(key);
      live.put(key, (stored == null ? 0 : stored) + 1);
      changed.add(key);
      lastTimestamp = timestamp;
    }

    @Override
    protected void writeChanges() {
      for (String key : changed) {
        writeStamped(lastTimestamp, () -> inner.put(key, live.get(key)));
      }
      changed.clear();
    }

    @Override
    protected void forgetAll() {
      live.clear();
      changed.clear();
    }
  }
}
