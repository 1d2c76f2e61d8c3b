package dev.graduation.ingest.http;

import static dev.graduation.ingest.IngestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.ingest.IngestClient;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What bounds a request and its answer, without Kafka (nothing listens at the configured Kafka and
 * registry addresses; none of these requests gets as far as publishing): the number of events per
 * request and the number of reasons listed in an answer.
 */
class IngestLimitsHttpTest {

  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static final String TOKEN = "limits-token";
  private static IngestServer server;
  private static IngestClient client;

  @BeforeAll
  static void start() {
    server = IngestServer.start(config(), Clock.fixed(NOW, ZoneOffset.UTC));
    client = new IngestClient(server.port(), TOKEN);
  }

  /** Default limits but the body size, large enough for the 6 MB body of the issue. */
  static IngestConfig config() {
    return IngestConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        // Port 1 on loopback: connections are refused at once.
        .withBootstrapServers("127.0.0.1:1")
        .withSchemaRegistryUrl("http://127.0.0.1:1")
        .withTokens(TOKEN)
        .withMaxBodyBytes(8L * 1024 * 1024)
        .withProduceTimeout(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertJson(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(json(response)).isEqualTo(json(body));
  }

  /** A JSON array of {@code count} times the number 1: no element is an event. */
  private static String ones(int count) {
    return "[" + "1,".repeat(count - 1) + "1]";
  }

  /**
   * The first 100 rejections are listed, the others counted in {@code rejectedNotListed}.
   *
   * <p>Seen failing before the cap: the answer listed all 250 rejections and had no {@code
   * rejectedNotListed}.
   */
  @Test
  void onlyTheFirstHundredRejectionsAreListedTheRestCounted() {
    StringBuilder expected = new StringBuilder("{\"accepted\": 0, \"rejected\": [");
    for (int i = 0; i < 100; i++) {
      expected.append(i == 0 ? "" : ",").append("{\"index\": ").append(i)
          .append(", \"error\": \"event: must be a JSON object\"}");
    }
    expected.append("], \"rejectedNotListed\": 150}");

    assertJson(client.postJson(ones(250)), 400, expected.toString());
  }

  /** With 100 rejections or fewer, the answer is the contract's, without the extension field. */
  @Test
  void aHundredRejectionsAreAllListed() {
    HttpResponse<String> response = client.postJson(ones(100));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("rejected")).hasSize(100);
    assertThat(json(response).has("rejectedNotListed")).isFalse();
  }

  /**
   * The body of the issue: 6 MB, 3 million elements that are not events. The answer was a reason
   * per element (169 MB); now the request stops at event 10,001.
   *
   * <p>Seen failing before the caps: the test JVM (2 GiB heap) ran out of memory on the answer
   * ("Java heap space").
   */
  @Test
  void aBodyOfMillionsOfElementsGetsASmallAnswer() {
    HttpResponse<String> response = client.postJson(ones(3_000_000));

    assertJson(response, 413, "{\"error\": \"more than 10000 events in one request\"}");
  }

  /** Seen failing before the cap: 400 (listing 10,001 rejections) instead of 413. */
  @Test
  void oneEventMoreThanTheCapIs413() {
    assertJson(client.postJson(ones(10_001)), 413, "{\"error\": \"more than 10000 events in one request\"}");
    assertJson(client.postNdjson("1\n".repeat(10_001)), 413, "{\"error\": \"more than 10000 events in one request\"}");
    assertThat(client.postJson(ones(10_000)).statusCode()).isEqualTo(400);
  }
}
