package dev.graduation.streams.it;

import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.okCall;
import static dev.graduation.streams.Calls.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.state.SharedRocksDbMemory;
import dev.graduation.streams.topology.GraduationTopology;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB memory of an instance is bounded by {@code --state-memory}, per instance: two
 * instances run the real topology in one JVM, each with another small bound (a StreamsApp, and a
 * KafkaStreams made from the same properties as the replay makes its own), over traffic that puts
 * data in every store of every task (a window store opens its RocksDB segments only for data).
 * Kafka Streams' own RocksDB metrics (KIP-607, recorded at the default level {@code INFO}) must
 * then show, for every store of every task, that instance's bound as the block cache capacity,
 * and the same cache usage everywhere (one cache read by all); after the KafkaStreams closes, the
 * shared native objects are freed.
 *
 * <p>Seen failing with the config setter left out of {@code streamsProperties()} (all 36 stores
 * reported Kafka Streams' own 50 MiB cache, 52428800), with one pool for the JVM, static as in
 * Kafka's example (the StreamsApp's stores reported the other instance's 20979712, whose
 * properties were made first), and with the setter's {@code close} not releasing (the memory
 * still in use after the KafkaStreams closed).
 */
@Tag("integration")
@Timeout(180)
class StateMemoryIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final long APP_BOUND = 24L * 1024 * 1024 + 4096;
  private static final long REPLAY_BOUND = 20L * 1024 * 1024 + 8192;
  @TempDir Path appState;
  @TempDir Path replayState;

  @Test
  void everyStoreOfAnInstanceSharesOneCacheOfThatInstancesBound() throws Exception {
    StreamsAppConfig appConfig =
        TestStreamsApps.config(KAFKA, "state-memory-app", appState, "token").toBuilder().stateMemory(APP_BOUND).build();
    StreamsAppConfig replayConfig =
        TestStreamsApps.config(KAFKA, "state-memory-replay", replayState, "token").toBuilder()
            .stateMemory(REPLAY_BOUND)
            .build();
    Properties replayProps = replayConfig.streamsProperties();
    replayProps.remove(StreamsConfig.APPLICATION_SERVER_CONFIG); // no query API of its own
    SharedRocksDbMemory replayMemory = (SharedRocksDbMemory) replayProps.get(SharedRocksDbMemory.CONFIG);

    Topology topology = GraduationTopology.build(replayConfig.topologySettings(), EndpointCatalog.load(), Clock.systemUTC());
    Set<String> stores = storesOf(topology);

    try (StreamsApp app = StreamsApp.start(appConfig, Clock.systemUTC())) {
      KafkaStreams replay = new KafkaStreams(topology, replayProps);
      try {
        replay.start();
        produceIntoEveryStoreOfEveryTask();

        assertOneCacheOfSize(app.streams(), stores, APP_BOUND);
        assertOneCacheOfSize(replay, stores, REPLAY_BOUND);
        assertThat(replayMemory.inUse()).isTrue();
      } finally {
        replay.close();
      }
      assertThat(replayMemory.inUse()).as("shared RocksDB memory after its KafkaStreams closed").isFalse();
    }
  }

  /**
   * Waits until every store of every task reports (a segment opens with its first record), then
   * holds each to the bound, and all to one usage (read at one moment: retried until no commit
   * or flush changes the cache in between).
   */
  private static void assertOneCacheOfSize(KafkaStreams streams, Set<String> stores, long bound) {
    Map<String, Long> expected = new TreeMap<>();
    for (int partition = 0; partition < Topics.API_CALLS.partitions(); partition++) {
      for (String store : stores) {
        expected.put("0_" + partition + " " + store, bound);
      }
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> {
          assertThat(perStore(streams, "block-cache-capacity")).isEqualTo(expected);
          Map<String, Long> usage = perStore(streams, "block-cache-usage");
          assertThat(usage.keySet()).isEqualTo(expected.keySet());
          assertThat(usage.values().stream().distinct().toList())
              .as("block cache usage per store: one cache for all")
              .hasSize(1)
              .allSatisfy(bytes -> assertThat(bytes).isPositive());
        });
  }

  /** Every store of the topology: all of them are RocksDB stores (none is in memory). */
  private static Set<String> storesOf(Topology topology) {
    Set<String> stores = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          stores.addAll(processor.stores());
        }
      }
    }
    assertThat(stores).as("stores of the topology").isNotEmpty();
    return stores;
  }

  /** A RocksDB property metric of each store, keyed by task and store. */
  private static Map<String, Long> perStore(KafkaStreams streams, String metric) {
    Map<String, Long> values = new TreeMap<>();
    streams.metrics().forEach((name, value) -> {
      if (name.group().equals("stream-state-metrics") && name.name().equals(metric)) {
        String store =
            name.tags().entrySet().stream()
                .filter(tag -> tag.getKey().endsWith("-state-id"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow();
        values.put(name.tags().get("task-id") + " " + store, ((Number) value.metricValue()).longValue());
      }
    });
    return values;
  }

  /**
   * Per partition, an app with a registration (registrations store), a call of a minute ago (raw
   * calls, hours; its verdict: verdicts) and then one of ten days ago: older than the raw calls
   * kept, so it goes to the stream-time dedup store and counts in its day (days).
   */
  private static void produceIntoEveryStoreOfEveryTask() throws Exception {
    Instant now = Instant.now();
    List<String> apps = new ArrayList<>();
    for (int i = 0; apps.size() < Topics.API_CALLS.partitions(); i++) {
      String app = "memory-" + i;
      if (TrafficModel.partition(app) == apps.size()) {
        apps.add(app);
      }
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, AppRegistration> registrations =
            new KafkaProducer<>(props, new StringSerializer(),
                Topics.APP_REGISTRATIONS.valueSerde(KAFKA.serdeConfig()).serializer());
        KafkaProducer<String, ApiCallEvent> calls =
            new KafkaProducer<>(props, new StringSerializer(), Topics.API_CALLS.valueSerde(KAFKA.serdeConfig()).serializer())) {
      for (String app : apps) {
        registrations.send(new ProducerRecord<>(
            Topics.APP_REGISTRATIONS.name(), app, registration(app, "An app that fills every state store.", List.of())))
            .get();
        for (Instant at : List.of(now.minus(Duration.ofMinutes(1)), now.minus(Duration.ofDays(10)))) {
          calls.send(new ProducerRecord<>(
              Topics.API_CALLS.name(), null, at.toEpochMilli(), app, okCall(app, CALL_LOG_PATH, at)))
              .get();
        }
      }
    }
  }
}
