package dev.graduation.ingest.http;

import static dev.graduation.ingest.IngestClient.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.ingest.IngestClient;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
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
 * request, the number of reasons listed in an answer, the time a body may take to arrive, and the
 * headers ingest refuses rather than guess at (two Authorization headers, a Content-Type or
 * Content-Encoding it cannot read).
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

    IngestHttpTest.assertJson(client.postJson(ones(250)), 400, expected.toString());
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

    IngestHttpTest.assertJson(response, 413, "{\"error\": \"more than 10000 events in one request\"}");
  }

  /** Seen failing before the cap: 400 (listing 10,001 rejections) instead of 413. */
  @Test
  void oneEventMoreThanTheCapIs413() {
    IngestHttpTest.assertJson(client.postJson(ones(10_001)), 413, "{\"error\": \"more than 10000 events in one request\"}");
    IngestHttpTest.assertJson(client.postNdjson("1\n".repeat(10_001)), 413, "{\"error\": \"more than 10000 events in one request\"}");
    assertThat(client.postJson(ones(10_000)).statusCode()).isEqualTo(400);
  }

  /**
   * A client that sends one byte of body every 100 ms never lets a single read wait long enough for
   * Jetty's idle timeout (30 s), yet gets 408 once the whole body has taken longer than {@code
   * body.timeout}. The client paces itself by waiting 100 ms for the answer between two bytes.
   *
   * <p>Seen failing before the deadline: no answer within 20 s (the body never ended, so the
   * request never did).
   */
  @Test
  void aBodyTricklingInPastTheBodyTimeoutGets408() throws IOException {
    try (IngestServer slow = IngestServer.start(config().withBodyTimeout(Duration.ofSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC));
        Socket socket = new Socket("127.0.0.1", slow.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(chunkedPostHeaders().getBytes(UTF_8));
      socket.setSoTimeout(100);
      InputStream in = socket.getInputStream();
      long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int first = -1;
      while (first < 0 && System.nanoTime() < giveUp) {
        out.write("1\r\n \r\n".getBytes(UTF_8)); // one space: a body that is still valid so far
        out.flush();
        try {
          first = in.read();
        } catch (SocketTimeoutException stillNoAnswer) {
          // send the next byte
        }
      }
      assertThat(first).as("an answer within 20 s").isNotNegative();
      assert408((char) first + readAnswer(socket));
    }
  }

  /**
   * A client that sends its headers and part of the body, then nothing: 408 at the body timeout
   * (1 s), not at Jetty's idle timeout (30 s). The client waits for the answer, at most 10 s.
   *
   * <p>Seen failing before the deadline: no answer within 10 s ("Read timed out").
   */
  @Test
  void aSilentClientGets408AtTheBodyTimeout() throws IOException {
    try (IngestServer slow = IngestServer.start(config().withBodyTimeout(Duration.ofSeconds(1)), Clock.fixed(NOW, ZoneOffset.UTC));
        Socket socket = new Socket("127.0.0.1", slow.port())) {
      OutputStream out = socket.getOutputStream();
      out.write((chunkedPostHeaders() + "2\r\n[{\r\n").getBytes(UTF_8));
      out.flush();
      socket.setSoTimeout(10_000);

      assert408(readAnswer(socket));
    }
  }

  private static String chunkedPostHeaders() {
    return "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  }

  /** Everything up to the end of the answer (the server closes the connection after a 408). */
  private static String readAnswer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    return new String(socket.getInputStream().readAllBytes(), UTF_8);
  }

  private static void assert408(String answer) {
    assertThat(answer).startsWith("HTTP/1.1 408 ");
    assertThat(answer).containsIgnoringCase("Content-Type: application/json");
    assertThat(json(answer.substring(answer.indexOf("\r\n\r\n") + 4)))
        .isEqualTo(json("{\"error\": \"request body not received within 1000 ms\"}"));
  }

  /** Seen failing before the check: 400 listing the rejection, the first header having won. */
  @Test
  void twoAuthorizationHeadersAre400() throws IOException {
    String answer =
        rawAnswer(
            "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                + "\r\nAuthorization: Bearer someone-else\r\nContent-Type: application/json"
                + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[1]");

    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(json(answer.substring(answer.indexOf("\r\n\r\n") + 4)))
        .isEqualTo(json("{\"error\": \"more than one Authorization header\"}"));
  }

  /** Seen failing before the check: both read as JSON (400 with the rejection). */
  @Test
  void aContentTypeIngestCannotReadIs415AndNoneIsReadAsJson() {
    String unsupported = "{\"error\": \"unsupported Content-Type: send application/json or application/x-ndjson\"}";
    for (String type : new String[] {"text/plain", "application/xml"}) {
      IngestHttpTest.assertJson(
          client.send(client.authorized("/v1/events").header("Content-Type", type).POST(BodyPublishers.ofString("[1]"))),
          415,
          unsupported);
    }
    IngestHttpTest.assertJson(
        client.send(client.authorized("/v1/events").POST(BodyPublishers.ofString("[1]"))),
        400,
        "{\"accepted\": 0, \"rejected\": [{\"index\": 0, \"error\": \"event: must be a JSON object\"}]}");
  }

  /** Seen failing before the check: br and "gzip, gzip" were read as plain JSON (400 malformed). */
  @Test
  void aContentEncodingIngestCannotReadIs415() {
    String unsupported = "{\"error\": \"unsupported Content-Encoding: send the body as is or with gzip\"}";
    for (String encoding : new String[] {"br", "deflate", "gzip, gzip"}) {
      IngestHttpTest.assertJson(client.send(encoded(encoding, "[1]".getBytes(UTF_8))), 415, unsupported);
    }
    IngestHttpTest.assertJson(client.send(client.authorized("/v1/apps/app-1").header("Content-Encoding", "br")
        .PUT(BodyPublishers.ofString("{}"))), 415, unsupported);
  }

  /** Seen failing before gzip was read: 400 "malformed JSON ..." for the compressed bytes. */
  @Test
  void aGzipBodyIsReadDecompressed() throws IOException {
    IngestHttpTest.assertJson(
        client.send(encoded("gzip", IngestClient.gzip("[1]".getBytes(UTF_8)))),
        400,
        "{\"accepted\": 0, \"rejected\": [{\"index\": 0, \"error\": \"event: must be a JSON object\"}]}");
    IngestHttpTest.assertJson(client.send(encoded("gzip", "[1]".getBytes(UTF_8))), 400, "{\"error\": \"request body is not valid gzip\"}");
  }

  /**
   * 20 MB of blanks compress to ~20 KB: the limit holds for the decompressed bytes too.
   *
   * <p>Seen failing before gzip was read: 400 "malformed JSON" (the compressed bytes read as JSON).
   */
  @Test
  void aGzipBombIs413() throws IOException {
    byte[] bomb = IngestClient.gzip(" ".repeat(20_000_000).getBytes(UTF_8));
    assertThat(bomb.length).isLessThan(100_000);

    IngestHttpTest.assertJson(client.send(encoded("gzip", bomb)), 413, "{\"error\": \"request body larger than 8388608 bytes\"}");
  }

  private static HttpRequest.Builder encoded(String encoding, byte[] body) {
    return client.authorized("/v1/events")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", encoding)
        .POST(BodyPublishers.ofByteArray(body));
  }

  /** Sends {@code request} as it is and reads the whole answer (the request asks to close). */
  private static String rawAnswer(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(request.getBytes(UTF_8));
      return readAnswer(socket);
    }
  }
}
