package dev.graduation.ingest;

import static dev.graduation.ingest.IngestClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import dev.graduation.schemas.Topics;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ingest against a real broker and registry: what is answered is exactly what is on the topics. */
@Tag("integration")
@Timeout(300)
class IngestIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String TOKEN = "integration-token";
  /** Now, to the second: event times must be near the broker's wall clock, but exact in tests. */
  private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  private static IngestServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    server = IngestServer.start(config(), CLOCK);
    client = new IngestClient(server.port(), TOKEN).awaitReady();
  }

  private static IngestConfig config() {
    return TestIngestConfigs.onBroker(KAFKA, TOKEN);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<ApiCallEvent> eventsOnTopic(String eventIdPrefix) {
    return TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.API_CALLS).stream()
        .map(ConsumerRecord::value)
        .filter(event -> event.getEventId().startsWith(eventIdPrefix))
        .toList();
  }

  private static void assertJson(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response)).isEqualTo(json(body));
  }

  @Test
  void readinessSaysReadyWithKafkaUp() {
    assertJson(client.get("/health/ready"), 200, "{\"status\": \"ready\"}");
  }

  @Test
  void aMixedBatchAcceptsExactlyTheValidEventsAndNamesEveryRejection() {
    Instant now = CLOCK.instant();
    ArrayNode batch = IngestClient.JSON.createArrayNode();
    ObjectNode a = TestEvents.okCall("mixed-a", "mixed-app", now.minusSeconds(60));
    batch.add(a); // 0
    batch.add(without(TestEvents.okCall("mixed-1", "mixed-app", now), "eventId")); // 1
    batch.add(TestEvents.okCall("mixed-2", "mixed app", now)); // 2
    batch.add(TestEvents.okCall("mixed-3", "mixed-app", now).put("timestamp", now.toEpochMilli() + 300_001)); // 3
    ObjectNode b =
        TestEvents.okCall("mixed-b", "mixed-app-2", now)
            .put("timestamp", now.atOffset(java.time.ZoneOffset.ofHours(2)).toString())
            .put("method", "POST")
            .put("status", 429)
            .put("environment", "production");
    batch.add(b); // 4
    batch.add(TestEvents.okCall("mixed-5", "mixed-app", now.minus(Duration.ofDays(30)).minusMillis(1))); // 5
    batch.add(TestEvents.okCall("mixed-6", "mixed-app", now).put("timestamp", "yesterday")); // 6
    batch.add(TestEvents.okCall("mixed-7", "mixed-app", now).put("method", "get")); // 7
    batch.add(TestEvents.okCall("mixed-8", "mixed-app", now).put("path", "restapi")); // 8
    batch.add(TestEvents.okCall("mixed-9", "mixed-app", now).put("path", "/" + "x".repeat(2048))); // 9
    batch.add(TestEvents.okCall("mixed-10", "mixed-app", now).put("status", "200")); // 10
    batch.add(TestEvents.okCall("mixed-11", "mixed-app", now).put("latencyMs", -5)); // 11
    batch.add(TestEvents.okCall("mixed-12", "mixed-app", now).put("environment", "staging")); // 12
    batch.add(42); // 13
    ObjectNode c =
        without(without(TestEvents.okCall("mixed-c", "mixed-app", now), "latencyMs"), "environment")
            .put("timestamp", now.toEpochMilli() + 300_000);
    batch.add(c); // 14
    batch.add(TestEvents.okCall("m".repeat(129), "mixed-app", now)); // 15
    batch.add(TestEvents.okCall("mixed-16", "mixed-app", now).put("status", 200.5)); // 16

    HttpResponse<String> response = client.postJson(batch.toString());

    assertJson(
        response,
        202,
        "{\"accepted\": 3, \"rejected\": ["
            + "{\"index\": 1, \"error\": \"eventId: required\"},"
            + "{\"index\": 2, \"error\": \"appId: must match [A-Za-z0-9._-]{1,64}\"},"
            + "{\"index\": 3, \"error\": \"timestamp: more than 5 minutes in the future\"},"
            + "{\"index\": 5, \"error\": \"timestamp: more than 30 days in the past\"},"
            + "{\"index\": 6, \"error\": \"timestamp: must be an RFC 3339 date-time or epoch milliseconds\"},"
            + "{\"index\": 7, \"error\": \"method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS\"},"
            + "{\"index\": 8, \"error\": \"path: must start with /\"},"
            + "{\"index\": 9, \"error\": \"path: longer than 2048 characters\"},"
            + "{\"index\": 10, \"error\": \"status: must be an integer 100-599\"},"
            + "{\"index\": 11, \"error\": \"latencyMs: must be an integer >= 0\"},"
            + "{\"index\": 12, \"error\": \"environment: must be sandbox or production\"},"
            + "{\"index\": 13, \"error\": \"event: must be a JSON object\"},"
            + "{\"index\": 15, \"error\": \"eventId: must be 1-128 characters\"},"
            + "{\"index\": 16, \"error\": \"status: must be an integer 100-599\"}]}");

    ApiCallEvent expectedA =
        new ApiCallEvent("mixed-a", "mixed-app", now.minusSeconds(60), "GET",
            "/restapi/v1.0/account/~/extension/~/call-log", 200, 12L, Environment.sandbox, now);
    ApiCallEvent expectedB =
        new ApiCallEvent("mixed-b", "mixed-app-2", now, "POST",
            "/restapi/v1.0/account/~/extension/~/call-log", 429, 12L, Environment.production, now);
    ApiCallEvent expectedC =
        new ApiCallEvent("mixed-c", "mixed-app", now.plusSeconds(300), "GET",
            "/restapi/v1.0/account/~/extension/~/call-log", 200, null, Environment.sandbox, now);
    List<ConsumerRecord<String, ApiCallEvent>> records =
        TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.API_CALLS).stream()
            .filter(r -> r.value().getEventId().startsWith("mixed-"))
            .toList();
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(expectedA, expectedB, expectedC);
    for (ConsumerRecord<String, ApiCallEvent> record : records) {
      assertThat(record.key()).isEqualTo(record.value().getAppId());
      assertThat(record.timestamp()).isEqualTo(record.value().getTimestamp().toEpochMilli());
    }
  }

  @Test
  void aSingleObjectIsOneEvent() {
    Instant now = CLOCK.instant();

    assertJson(
        client.postJson(TestEvents.json(TestEvents.okCall("single-1", "single-app", now))),
        202,
        "{\"accepted\": 1, \"rejected\": []}");
    assertThat(eventsOnTopic("single-")).extracting(ApiCallEvent::getEventId).containsExactly("single-1");
  }

  @Test
  void ndjsonLinesAreEventsAndABrokenLineIsRejectedAlone() {
    Instant now = CLOCK.instant();
    String body =
        TestEvents.json(TestEvents.okCall("lines-0", "lines-app", now)) + "\n"
            + "{\"eventId\": \"lines-1\", \n"
            + "\n"
            + TestEvents.json(TestEvents.okCall("lines-2", "lines-app", now)) + "\r\n"
            + "[]\n";

    assertJson(
        client.postNdjson(body),
        202,
        "{\"accepted\": 2, \"rejected\": ["
            + "{\"index\": 1, \"error\": \"event: malformed JSON at column 24: Unexpected end-of-input within/between Object entries\"},"
            + "{\"index\": 3, \"error\": \"event: must be a JSON object\"}]}");
    assertThat(eventsOnTopic("lines-"))
        .extracting(ApiCallEvent::getEventId)
        .containsExactlyInAnyOrder("lines-0", "lines-2");
  }

  /**
   * 10,000 events (the default {@code max.events.per.request}) in one NDJSON request, written in chunks. Nothing is produced before the body is
   * complete (a request refused half way must leave nothing behind, see
   * IngestRefusedRequestIntegrationTest): while the second half is held back, the answer is pending
   * and no event of the request has been handed to Kafka.
   */
  @Test
  void tenThousandNdjsonEventsArriveInChunksAndArePublishedOnceComplete() throws Exception {
    Instant now = CLOCK.instant();
    int events = IngestConfig.DEFAULT_MAX_EVENTS_PER_REQUEST;
    SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
    CompletableFuture<HttpResponse<String>> response =
        client
            .http()
            .sendAsync(
                client.authorized("/v1/events")
                    .header("Content-Type", "application/x-ndjson")
                    .POST(BodyPublishers.fromPublisher(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> body.getNumberOfSubscribers() == 1);
    long producedBefore = producedEvents();

    for (int chunk = 0; chunk < events / 100; chunk++) {
      StringBuilder lines = new StringBuilder();
      for (int i = chunk * 100; i < (chunk + 1) * 100; i++) {
        lines.append("{\"eventId\":\"bulk-").append(i)
            .append("\",\"appId\":\"bulk-app-").append(i % 20)
            .append("\",\"timestamp\":").append(now.toEpochMilli() - i)
            .append(",\"method\":\"GET\",\"path\":\"/restapi/v1.0/account/~/extension/~/presence\",\"status\":200}\n");
      }
      body.submit(ByteBuffer.wrap(lines.toString().getBytes(UTF_8)));
      if (chunk == events / 200) {
        assertThat(response).isNotDone();
        assertThat(producedEvents()).isEqualTo(producedBefore);
      }
    }
    body.close();

    assertJson(response.get(120, TimeUnit.SECONDS), 202, "{\"accepted\": " + events + ", \"rejected\": []}");
    List<ApiCallEvent> onTopic = eventsOnTopic("bulk-");
    assertThat(onTopic).hasSize(events);
    assertThat(onTopic.stream().map(ApiCallEvent::getEventId).collect(Collectors.toSet())).hasSize(events);
    assertThat(onTopic.stream().map(ApiCallEvent::getAppId).collect(Collectors.toSet())).hasSize(20);
  }

  private static long producedEvents() {
    return server.metrics().get("ingest.produce").tag("topic", "api-calls").timer().count();
  }

  @Test
  void refusedRequestsWriteNothing() {
    Instant now = CLOCK.instant();
    String valid = "[" + TestEvents.json(TestEvents.okCall("refused-1", "refused-app", now)) + "]";
    long before = TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS);

    assertJson(
        new IngestClient(server.port(), "wrong-token").postJson(valid),
        401,
        "{\"error\": \"missing or invalid bearer token\"}");
    assertJson(
        client.send(client.authorized("/v1/event").POST(BodyPublishers.ofString(valid))),
        404,
        "{\"error\": \"not found\"}");
    String trailing = TestEvents.json(TestEvents.okCall("refused-2", "refused-app", now)) + " trailing";
    assertJson(
        client.postJson(trailing),
        400,
        "{\"error\": \"malformed JSON at line 1, column " + (trailing.length() + 1)
            + ": Unrecognized token 'trailing': was expecting"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\"}");
    assertJson(
        client.postJson("[{\"eventId\": \"refused-3\"}]"),
        400,
        "{\"accepted\": 0, \"rejected\": [{\"index\": 0, \"error\": \"appId: required\"}]}");
    try (IngestServer small = IngestServer.start(config().withMaxBodyBytes(1024), CLOCK)) {
      String large = "[" + (TestEvents.json(TestEvents.okCall("refused-4", "refused-app", now)) + ",").repeat(10) + "{}]";
      assertJson(
          new IngestClient(small.port(), TOKEN).postJson(large),
          413,
          "{\"error\": \"request body larger than 1024 bytes\"}");
    }

    assertThat(TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS)).isEqualTo(before);
    assertThat(eventsOnTopic("refused-")).isEmpty();
  }

  @Test
  void aRegistrationIsCreatedThenUpdatedKeepingItsFirstRegistrationTime() {
    Instant first = CLOCK.instant();

    HttpResponse<String> created =
        client.putApp(
            "reg-app-1",
            "{\"name\": \"Call Logger\", \"description\": \"Logs every call of the account for audits\","
                + " \"permissions\": [\"ReadCallLog\", \"SMS\"]}");

    assertJson(
        created,
        201,
        "{\"appId\": \"reg-app-1\", \"name\": \"Call Logger\","
            + " \"description\": \"Logs every call of the account for audits\","
            + " \"permissions\": [\"ReadCallLog\", \"SMS\"],"
            + " \"registeredAt\": \"" + first + "\", \"updatedAt\": \"" + first + "\"}");

    CLOCK.advance(Duration.ofMinutes(3));
    Instant second = CLOCK.instant();
    HttpResponse<String> updated =
        client.putApp("reg-app-1", "{\"name\": \"Call Logger 2\", \"permissions\": [\"ReadPresence\"]}");

    assertJson(
        updated,
        200,
        "{\"appId\": \"reg-app-1\", \"name\": \"Call Logger 2\", \"description\": \"\","
            + " \"permissions\": [\"ReadPresence\"],"
            + " \"registeredAt\": \"" + first + "\", \"updatedAt\": \"" + second + "\"}");
    List<ConsumerRecord<String, AppRegistration>> records =
        TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.APP_REGISTRATIONS).stream()
            .filter(r -> r.key().equals("reg-app-1"))
            .toList();
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .containsExactly(
            new AppRegistration("reg-app-1", "Call Logger", "Logs every call of the account for audits",
                List.of("ReadCallLog", "SMS"), first, first),
            new AppRegistration("reg-app-1", "Call Logger 2", "", List.of("ReadPresence"), first, second));
    assertThat(records.get(1).timestamp()).isEqualTo(second.toEpochMilli());
  }

  @Test
  void anUnknownPermissionIsNamed() {
    assertJson(
        client.putApp("reg-app-bad", "{\"name\": \"x\", \"permissions\": [\"SMS\", \"ReadEverything\"]}"),
        400,
        "{\"error\": \"permissions: unknown permission \\\"ReadEverything\\\"\"}");
    assertThat(
            TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.APP_REGISTRATIONS).stream()
                .filter(r -> r.key().equals("reg-app-bad")))
        .isEmpty();
  }

  @Test
  void aNewInstanceReadsTheRegistrationsAlreadyOnTheTopic() {
    Instant first = CLOCK.instant();
    assertThat(client.putApp("reg-app-2", "{\"name\": \"Presence board\"}").statusCode()).isEqualTo(201);
    CLOCK.advance(Duration.ofSeconds(10));

    try (IngestServer another = IngestServer.start(config(), CLOCK)) {
      IngestClient anotherClient = new IngestClient(another.port(), TOKEN);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(anotherClient.get("/health/ready").statusCode()).isEqualTo(200));

      assertJson(
          anotherClient.putApp("reg-app-2", "{\"name\": \"Presence board\"}"),
          200,
          "{\"appId\": \"reg-app-2\", \"name\": \"Presence board\", \"description\": \"\", \"permissions\": [],"
              + " \"registeredAt\": \"" + first + "\", \"updatedAt\": \"" + CLOCK.instant() + "\"}");
    }
  }

  @Test
  void acceptedEventsAreCounted() {
    double before = server.metrics().get("ingest.events.accepted").counter().count();
    Instant now = CLOCK.instant();

    client.postJson(
        "[" + TestEvents.json(TestEvents.okCall("counted-1", "counted-app", now)) + ","
            + TestEvents.json(TestEvents.okCall("counted-2", "counted-app", now)) + "]");

    assertThat(server.metrics().get("ingest.events.accepted").counter().count()).isEqualTo(before + 2);
    assertThat(client.get("/metrics").body()).contains("ingest_produce_seconds_count{topic=\"app-registrations\"}");
  }

  private static ObjectNode without(ObjectNode event, String field) {
    event.remove(field);
    return event;
  }
}
