package dev.graduation.ingest;

import static dev.graduation.ingest.IngestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker goes away and comes back. While it is away every request that has events to write gets
 * 503 with Retry-After within the produce timeout, never a hang and never a 202; once it is back the
 * gateway's retry of the same request is accepted, and the topic holds each of its events.
 */
@Tag("integration")
@Timeout(300)
class IngestBrokerOutageIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String TOKEN = "outage-token";
  private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);
  private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  private static IngestServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    server =
        IngestServer.start(
            TestIngestConfigs.onBroker(KAFKA, TOKEN)
                .withProduceTimeout(PRODUCE_TIMEOUT),
            CLOCK);
    client = new IngestClient(server.port(), TOKEN).awaitReady();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void whileTheBrokerIsDownNothingIsAcceptedAndOnceBackTheRetryIs() {
    Instant now = CLOCK.instant();
    // Before the outage: one accepted request, which also registers the value schema.
    assertThat(json(client.postJson(batch("before", now))))
        .isEqualTo(json("{\"accepted\": 3, \"rejected\": [{\"index\": 3, \"error\": \"appId: required\"}]}"));

    KAFKA.broker().stop();
    try {
      long start = System.nanoTime();
      HttpResponse<String> during = client.postJson(batch("during", now));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
      assertThat(during.headers().firstValue("Retry-After")).contains("5");
      assertThat(json(during))
          .isEqualTo(json("{\"error\": \"Kafka cannot take the events right now; none of them was accepted, retry later\"}"));
      // The produce timeout plus the wait margin, with room for a slow machine: never a hang.
      assertThat(took).isLessThan(PRODUCE_TIMEOUT.plusSeconds(5));

      HttpResponse<String> registration = client.putApp("outage-app", "{\"name\": \"n\"}");
      assertThat(registration.statusCode()).as(registration.body()).isEqualTo(503);
      assertThat(json(registration))
          .isEqualTo(json("{\"error\": \"Kafka cannot take the registration right now; it was not stored, retry later\"}"));

      HttpResponse<String> ready = client.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(json(ready)).isEqualTo(json("{\"error\": \"Kafka is not reachable\"}"));
      assertThat(client.get("/health/live").statusCode()).isEqualTo(200);
    } finally {
      KAFKA.broker().start();
    }

    // The gateway retries the same request until it is accepted.
    AtomicReference<HttpResponse<String>> retried = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          retried.set(client.postJson(batch("during", now)));
          return retried.get().statusCode() == 202;
        });
    assertThat(json(retried.get()))
        .isEqualTo(json("{\"accepted\": 3, \"rejected\": [{\"index\": 3, \"error\": \"appId: required\"}]}"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(client.get("/health/ready").statusCode()).isEqualTo(200));

    List<ApiCallEvent> onTopic =
        TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.API_CALLS).stream()
            .map(ConsumerRecord::value)
            .toList();
    // Events of a request answered 503 may have been written anyway (they are removed downstream
    // by eventId); what matters is that every accepted one is there.
    assertThat(onTopic.stream().map(ApiCallEvent::getEventId).distinct().sorted())
        .containsExactly("before-0", "before-1", "before-2", "during-0", "during-1", "during-2");
    assertThat(server.metrics().get("ingest.events.accepted").counter().count()).isEqualTo(6);
  }

  /** Three valid events and one without an appId. */
  private static String batch(String prefix, Instant now) {
    return "["
        + TestEvents.json(TestEvents.okCall(prefix + "-0", "outage-app", now)) + ","
        + TestEvents.json(TestEvents.okCall(prefix + "-1", "outage-app", now.minusSeconds(1))) + ","
        + TestEvents.json(TestEvents.okCall(prefix + "-2", "outage-app-2", now.minusSeconds(2))) + ","
        + "{\"eventId\": \"" + prefix + "-3\"}]";
  }
}
