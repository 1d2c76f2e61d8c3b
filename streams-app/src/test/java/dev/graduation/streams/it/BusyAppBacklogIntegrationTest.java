package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 1, the catch-up: 1,000,000 events of one app already on api-calls (after
 * downtime, or in a replay) are consumed by a freshly started topology, which processes them as
 * fast as it can, so that each commit holds tens of thousands of that app's calls of one hour.
 * Counts come out exact, no stream thread dies, and afterwards every quiet app, those on the busy
 * app's partition included, answers 200 with its exact counts.
 *
 * <p>Seen failing on the code before the raw-call chunks were bounded (21e1197): the first commit
 * wrote a 1,417,630-byte {@code recent-call-digests} record, over the producer's 1 MiB {@code max.request.size}
 * ({@code RecordTooLargeException}), the stream thread died and was replaced, again and again
 * (failFast: "a stream thread died").
 */
@Tag("integration")
@Timeout(300)
class BusyAppBacklogIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final int BACKLOG = 1_000_000;
  private static final String TOKEN = "query-token";
  private static final String APPLICATION_ID = "busy-app-backlog-it";

  @TempDir Path stateDir;

  @Test
  void aFreshTopologyCatchesUpOnOneAppsMillionEventsWithExactCountsAndNoThreadDeath() {
    BusyAppTraffic traffic = new BusyAppTraffic("busy-backlog-app", 2);
    produceBacklog(traffic);

    try (StreamsApp app = StreamsApp.start(TestStreamsApps.config(KAFKA, APPLICATION_ID, stateDir, TOKEN), Clock.systemUTC())) {
      traffic.assertAllCountedExactly(app, TOKEN, KAFKA.bootstrapServers(), APPLICATION_ID, Duration.ofSeconds(180));
    }
  }

  /** The quiet apps' events, then the busy app's, serialised before they are sent, in big lz4 batches. */
  private static void produceBacklog(BusyAppTraffic traffic) {
    Serializer<ApiCallEvent> values = Topics.API_CALLS.valueSerde(KAFKA.serdeConfig()).serializer();
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      Consumer<ApiCallEvent> send = event -> producer.send(
          new ProducerRecord<>(
              Topics.API_CALLS.name(), null, event.getTimestamp().toEpochMilli(),
              event.getAppId().getBytes(StandardCharsets.UTF_8), values.serialize(Topics.API_CALLS.name(), event)),
          (metadata, error) -> failure.compareAndSet(null, error));
      traffic.quietEvents().forEach(send);
      for (long i = 0; i < BACKLOG; i++) {
        send.accept(traffic.busyEvent(i));
      }
      producer.flush();
    }
    assertThat(failure.get()).as("the backlog written").isNull();
  }
}
