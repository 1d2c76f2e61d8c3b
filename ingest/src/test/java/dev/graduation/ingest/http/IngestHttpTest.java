package dev.graduation.ingest.http;

import static dev.graduation.ingest.IngestClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.ingest.IngestClient;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.ingest.TestEvents;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP contract that does not need Kafka: authentication, routing, limits, malformed bodies,
 * backpressure, health and the JSON shape of every error. Nothing listens at the configured Kafka
 * and registry addresses, so anything that does reach Kafka gets 503.
 */
class IngestHttpTest {

  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static IngestServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    IngestConfig config =
        IngestConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            // Port 1 on loopback: connections are refused at once.
            .withBootstrapServers("127.0.0.1:1")
            .withSchemaRegistryUrl("http://127.0.0.1:1")
            .withTokens("token-one", "token-two")
            .withMaxBodyBytes(1024)
            .withMaxInFlightRequests(1)
            .withProduceTimeout(Duration.ofSeconds(2));
    server = IngestServer.start(config, Clock.fixed(NOW, ZoneOffset.UTC));
    client = new IngestClient(server.port(), "token-one");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertJson(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(json(response)).isEqualTo(json(body));
  }

  @Test
  void withoutAValidTokenTheAnswerIs401() {
    String unauthorized = "{\"error\": \"missing or invalid bearer token\"}";
    HttpResponse<String> none =
        client.send(client.request("/v1/events").POST(BodyPublishers.ofString("[]")));
    assertJson(none, 401, unauthorized);
    assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"graduation-analytics\"");

    HttpResponse<String> wrong = new IngestClient(server.port(), "token-three").postJson("[]");
    assertJson(wrong, 401, unauthorized);
    assertThat(wrong.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"graduation-analytics\", error=\"invalid_token\"");
    assertJson(
        client.send(
            client.request("/v1/events").header("Authorization", "Basic dG9rZW4tb25l").POST(BodyPublishers.ofString("[]"))),
        401,
        unauthorized);
    assertJson(new IngestClient(server.port(), "token-three").putApp("app-1", "{\"name\": \"n\"}"), 401, unauthorized);
  }

  @Test
  void everyConfiguredTokenIsAccepted() {
    assertJson(new IngestClient(server.port(), "token-one").postJson("[]"), 400, "{\"error\": \"no events\"}");
    assertJson(new IngestClient(server.port(), "token-two").postJson("[]"), 400, "{\"error\": \"no events\"}");
  }

  @Test
  void unknownRoutesAndMethodsAreJson() {
    assertJson(client.get("/v2/events"), 404, "{\"error\": \"not found\"}");
    assertJson(client.get("/"), 404, "{\"error\": \"not found\"}");
    HttpResponse<String> wrongMethod = client.send(client.authorized("/v1/events").GET());
    assertJson(wrongMethod, 405, "{\"error\": \"method not allowed\"}");
    assertThat(wrongMethod.headers().allValues("Allow")).containsExactly("POST");
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIs413BeforeItIsRead() {
    assertJson(client.postJson(" ".repeat(1025)), 413, "{\"error\": \"request body larger than 1024 bytes\"}");
  }

  @Test
  void aBodyOfExactlyTheLimitIsRead() {
    String body = "[" + " ".repeat(1022) + "]";
    assertThat(body).hasSize(1024);
    assertJson(client.postJson(body), 400, "{\"error\": \"no events\"}");
  }

  @Test
  void aChunkedBodyIs413AsSoonAsItPassesTheLimit() {
    // Rejected events (no eventId): nothing goes to Kafka, so only the size can stop the request.
    String lines = "{\"status\": 200}\n".repeat(200);
    HttpResponse<String> response =
        client.postNdjson(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(lines.getBytes(UTF_8))));

    assertJson(response, 413, "{\"error\": \"request body larger than 1024 bytes\"}");
  }

  @Test
  void malformedOrEmptyBodiesAre400() {
    assertJson(client.postJson(""), 400, "{\"error\": \"no events\"}");
    assertJson(client.postJson("[]"), 400, "{\"error\": \"no events\"}");
    assertJson(client.postNdjson("\n\n"), 400, "{\"error\": \"no events\"}");
    assertJson(
        client.postJson("{\"eventId\": "),
        400,
        "{\"error\": \"malformed JSON at line 1, column 13: Unexpected end-of-input within/between Object entries\"}");
    assertJson(
        client.postJson("nope"),
        400,
        "{\"error\": \"malformed JSON at line 1, column 5: Unrecognized token 'nope': was expecting (JSON String,"
            + " Number, Array, Object or token 'null', 'true' or 'false')\"}");
  }

  @Test
  void whenNoEventIsValidTheAnswerIs400WithTheRejections() {
    String body =
        "[{\"appId\": \"a\"}, 5, {\"eventId\": \"e\", \"appId\": \"a\", \"timestamp\": \"2026-01-05T10:05:00.001Z\"}]";

    assertJson(
        client.postJson(body),
        400,
        "{\"accepted\": 0, \"rejected\": ["
            + "{\"index\": 0, \"error\": \"eventId: required\"},"
            + "{\"index\": 1, \"error\": \"event: must be a JSON object\"},"
            + "{\"index\": 2, \"error\": \"timestamp: more than 5 minutes in the future\"}]}");
  }

  @Test
  void whenKafkaCannotTakeTheEventsTheAnswerIs503WithRetryAfter() {
    HttpResponse<String> response =
        client.postJson("[" + TestEvents.json(TestEvents.okCall("e-1", "app-1", NOW)) + ", {}]");

    assertJson(
        response,
        503,
        "{\"error\": \"Kafka cannot take the events right now; none of them was accepted, retry later\"}");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void registrationsAreValidatedBeforeKafkaIsNeeded() {
    assertJson(
        client.putApp("app-1", "{\"name\": \"n\", \"permissions\": [\"ReadCallLog\", \"ReadMinds\"]}"),
        400,
        "{\"error\": \"permissions: unknown permission \\\"ReadMinds\\\"\"}");
    assertJson(client.putApp("app%20one", "{\"name\": \"n\"}"), 400, "{\"error\": \"appId: must match [A-Za-z0-9._-]{1,64}\"}");
    assertJson(
        client.putApp("app-1", "{\"name\": \"n\"} x"),
        400,
        "{\"error\": \"malformed JSON at line 1, column 16: Unrecognized token 'x': was expecting (JSON String,"
            + " Number, Array, Object or token 'null', 'true' or 'false')\"}");
    assertJson(
        client.putApp("app-1", "{\"name\": \"n\"} {}"),
        400,
        "{\"error\": \"malformed JSON at line 1, column 15: more than one JSON value in the body\"}");
  }

  @Test
  void aValidRegistrationWaitsForTheRegistrationsToLoad() {
    HttpResponse<String> response = client.putApp("app-1", "{\"name\": \"n\"}");

    assertJson(response, 503, "{\"error\": \"app registrations are still being loaded; retry later\"}");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void whenAllSlotsAreTakenTheNextRequestGets503() throws Exception {
    double shedBefore = server.metrics().get("ingest.requests.shed").counter().count();
    // A body that sends one blank line and then nothing until the test closes it: the request
    // holds its slot meanwhile. (A publisher, not a blocking InputStream: the JDK client would
    // block its own sending thread on the stream.)
    SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
    CompletableFuture<HttpResponse<String>> holding =
        client
            .http()
            .sendAsync(
                client
                    .authorized("/v1/events")
                    .header("Content-Type", "application/x-ndjson")
                    .POST(BodyPublishers.fromPublisher(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // Items submitted before the client subscribes would be dropped.
    await().atMost(Duration.ofSeconds(10)).until(() -> body.getNumberOfSubscribers() == 1);
    body.submit(ByteBuffer.wrap("\n".getBytes(UTF_8)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.metrics().get("ingest.requests.in.flight").gauge().value() == 1.0);

    HttpResponse<String> refused = client.postJson("[]");

    assertJson(refused, 503, "{\"error\": \"too many requests in flight; retry later\"}");
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(server.metrics().get("ingest.requests.shed").counter().count()).isEqualTo(shedBefore + 1);

    body.close();
    assertJson(holding.get(30, TimeUnit.SECONDS), 400, "{\"error\": \"no events\"}");
    assertThat(server.metrics().get("ingest.requests.in.flight").gauge().value()).isZero();
    assertJson(client.postJson("[]"), 400, "{\"error\": \"no events\"}");
  }

  @Test
  void livenessIsUpReadinessWaitsForKafka() {
    assertJson(client.get("/health/live"), 200, "{\"status\": \"UP\"}");
    HttpResponse<String> ready = client.get("/health/ready");
    assertJson(ready, 503, "{\"status\": \"DOWN\", \"reason\": \"Kafka is not reachable\"}");
  }

  @Test
  void metricsAreInPrometheusTextFormat() {
    double rejectedBefore = server.metrics().get("ingest.events.rejected").tag("reason", "status").counter().count();
    client.postJson("[{\"eventId\": \"e\", \"appId\": \"a\", \"timestamp\": 1767607200000, \"method\": \"GET\","
        + " \"path\": \"/\", \"status\": \"200\"}]");

    HttpResponse<String> metrics = client.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body())
        .contains("ingest_events_accepted_total ")
        .contains("ingest_events_rejected_total{reason=\"status\"} " + (rejectedBefore + 1))
        .contains("ingest_events_rejected_total{reason=\"event\"} ")
        .contains("ingest_request_seconds_count{route=\"POST /v1/events\",status=\"400\"} ")
        .contains("ingest_produce_seconds_count{topic=\"api-calls\"} ")
        .contains("ingest_requests_in_flight ")
        .contains("ingest_requests_shed_total ")
        .contains("jetty_threads_busy{service=\"ingest\"} ")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void errorsJettyAnswersItselfAreJsonToo() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8));
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), UTF_8);

      assertThat(response).startsWith("HTTP/1.1 400 ");
      assertThat(response).containsIgnoringCase("Content-Type: application/json");
      assertThat(json(response.substring(response.indexOf("\r\n\r\n") + 4))).isEqualTo(json("{\"error\": \"bad request\"}"));
    }
  }
}
