package dev.graduation.ingest;

import static dev.graduation.ingest.IngestClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request refused for what it is leaves none of its events on the topic, however many valid
 * events came before the reason to refuse it: the topic's end offsets and {@code
 * ingest_events_accepted_total} are the same before and after. Each refusal is followed by a valid
 * request whose 202 (its own event acknowledged) shows the refused events did not just lag behind.
 *
 * <p>Seen failing with the events produced while the body was read (the code before this class):
 * the chunked 413s left 317 (JSON array) and 314 (NDJSON) events of ~210 bytes on the topic, the array broken
 * after 50 valid events left 50; without the cap on events, 101 valid events were accepted (202);
 * before gzip was read, the gzip bomb of valid events got 400 (its compressed bytes read as JSON).
 */
@Tag("integration")
@Timeout(300)
class IngestRefusedRequestIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String TOKEN = "refused-token";
  private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static final long MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_EVENTS = 100;

  private static IngestServer server;
  private static IngestClient client;
  private static int marker;

  @BeforeAll
  static void start() {
    server = IngestServer.start(TestIngestConfigs.onBroker(KAFKA, TOKEN).withMaxBodyBytes(MAX_BODY_BYTES)
        .withMaxEventsPerRequest(MAX_EVENTS), CLOCK);
    client = new IngestClient(server.port(), TOKEN).awaitReady();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** {@code count} valid events, one per line, each ~210 bytes. */
  private static String ndjson(String prefix, int count) {
    return ndjson(prefix, count, 0);
  }

  /** The same, each with an unknown field of {@code padding} characters. */
  private static String ndjson(String prefix, int count, int padding) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < count; i++) {
      body.append(
              TestEvents.json(
                  TestEvents.okCall(prefix + i, "refused-app-" + (i % 7), CLOCK.instant()).put("note", "n".repeat(padding))))
          .append('\n');
    }
    return body.toString();
  }

  /**
   * So large that the body limit is reached after ~50 valid events, well before the cap on
   * events: each is ~1.2 KB.
   */
  private static String largeEvents(String prefix) {
    return ndjson(prefix, 800, 1_000);
  }

  private static String array(String ndjson) {
    return "[" + ndjson.strip().replace("\n", ",") + "]";
  }

  /** Without a Content-Length: sent chunked, so the size is known only while reading. */
  static BodyPublisher chunked(String body) {
    byte[] bytes = body.getBytes(UTF_8);
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  private static HttpResponse<String> post(String contentType, BodyPublisher body) {
    return client.send(client.authorized("/v1/events").header("Content-Type", contentType).POST(body));
  }

  /** Sends the refused request and checks its answer, then that the topic and metric did not move. */
  private static void assertRefusedWritesNothing(
      Supplier<HttpResponse<String>> refused, int status, String answer) {
    long onTopic = TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS);
    double accepted = acceptedTotal();

    HttpResponse<String> response = refused.get();
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response)).isEqualTo(json(answer));

    String next = "marker-" + marker++;
    HttpResponse<String> valid = client.postJson(TestEvents.json(TestEvents.okCall(next, "marker-app", CLOCK.instant())));
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
    assertThat(TopicReader.count(KAFKA.bootstrapServers(), Topics.API_CALLS) - onTopic)
        .as("events written by the refused request (and the one valid one after it)")
        .isEqualTo(1);
    assertThat(acceptedTotal() - accepted).isEqualTo(1);
  }

  private static double acceptedTotal() {
    return server.metrics().get("ingest.events.accepted").counter().count();
  }

  @Test
  void aChunkedJsonArrayOverTheBodyLimitWritesNothing() {
    String body = array(largeEvents("big-json-"));
    assertThat(body.length()).isGreaterThan(2 * (int) MAX_BODY_BYTES);
    assertRefusedWritesNothing(
        () -> post("application/json", chunked(body)),
        413,
        "{\"error\": \"request body larger than " + MAX_BODY_BYTES + " bytes\"}");
  }

  @Test
  void aChunkedNdjsonBodyOverTheBodyLimitWritesNothing() {
    String body = largeEvents("big-ndjson-");
    assertRefusedWritesNothing(
        () -> post("application/x-ndjson", chunked(body)),
        413,
        "{\"error\": \"request body larger than " + MAX_BODY_BYTES + " bytes\"}");
  }

  @Test
  void anArrayThatBreaksOffAfterValidEventsWritesNothing() {
    String valid = array(ndjson("broken-", 50));
    String body = valid.substring(0, valid.length() - 1) + ",{\"eventId\": \"broken-50\", \"appId\":";
    assertRefusedWritesNothing(
        () -> post("application/json", chunked(body)),
        400,
        "{\"error\": \"malformed JSON at line 1, column " + (body.length() + 1)
            + ": Unexpected end-of-input within/between Object entries\"}");
  }

  @Test
  void oneEventMoreThanTheCapWritesNothing() {
    String body = ndjson("over-cap-", MAX_EVENTS + 1);
    assertThat(body.length()).isLessThan((int) MAX_BODY_BYTES);
    assertRefusedWritesNothing(
        () -> post("application/x-ndjson", chunked(body)),
        413,
        "{\"error\": \"more than " + MAX_EVENTS + " events in one request\"}");
  }

  @Test
  void exactlyTheCapIsAccepted() {
    HttpResponse<String> response = post("application/x-ndjson", chunked(ndjson("at-cap-", MAX_EVENTS)));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response)).isEqualTo(json("{\"accepted\": " + MAX_EVENTS + ", \"rejected\": []}"));
  }

  /** ~50 KB of compressed valid events that decompress past the body limit. */
  @Test
  void aGzipBodyThatDecompressesPastTheLimitWritesNothing() {
    byte[] bomb = IngestClient.gzip(largeEvents("gzip-bomb-").getBytes(UTF_8));
    assertThat(bomb.length).isLessThan((int) MAX_BODY_BYTES);
    assertRefusedWritesNothing(
        () -> client.send(client.authorized("/v1/events")
            .header("Content-Type", "application/x-ndjson")
            .header("Content-Encoding", "gzip")
            .POST(BodyPublishers.ofByteArray(bomb))),
        413,
        "{\"error\": \"request body larger than " + MAX_BODY_BYTES + " bytes\"}");
  }

  @Test
  void aGzipBodyIsAccepted() {
    HttpResponse<String> response =
        client.send(client.authorized("/v1/events")
            .header("Content-Type", "application/x-ndjson")
            .header("Content-Encoding", "gzip")
            .POST(BodyPublishers.ofByteArray(IngestClient.gzip(ndjson("gzip-ok-", 3).getBytes(UTF_8)))));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response)).isEqualTo(json("{\"accepted\": 3, \"rejected\": []}"));
    assertThat(TopicReader.readAll(KAFKA.bootstrapServers(), KAFKA.serdeConfig(), Topics.API_CALLS).stream()
            .filter(r -> r.value().getEventId().startsWith("gzip-ok-")))
        .hasSize(3);
  }
}
