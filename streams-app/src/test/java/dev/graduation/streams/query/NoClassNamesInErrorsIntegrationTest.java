package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.ingest.IngestServer;
import dev.graduation.streams.it.TestIngestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No error answer of the three servers (query, ingest, schema registry) names a Java class or
 * method, whatever refuses the request: the route, Javalin, or Jetty before any handler ran.
 * Ingest's body parsing is tested in ingest; here its HTTP skeleton is.
 *
 * <p>Seen failing with the registry's answers to a schema that is not JSON ("Invalid schema:
 * com.fasterxml.jackson.core.JsonParseException: ...") and to a body nested 2,000 deep ("...
 * from `StreamReadConstraints.getMaxNestingDepth()`").
 */
@Tag("integration")
class NoClassNamesInErrorsIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  /**
   * A qualified name (com.x.Y), a method reference (Type.method()), a constant (TypeName.CONSTANT),
   * an exception type, a stack frame.
   */
  private static final Pattern JAVA_NAME =
      Pattern.compile(
          "\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*"
              + "|\\b[A-Z]\\w*\\.[a-z]\\w*\\(\\)"
              + "|\\b[A-Z][a-z]+[A-Z]\\w*\\.[A-Z][A-Z_]+\\b"
              + "|\\b\\w*(Exception|Error)\\b"
              + "|\\bat [a-z]+\\.");

  private static final String TOKEN = "token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static QueryHttpServer query;
  private static IngestServer ingest;

  @BeforeAll
  static void start() {
    query = TestQueryServers.withNoActivity(TOKEN);
    ingest = TestIngestServers.on(KAFKA, TOKEN);
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    if (query != null) {
      query.close();
    }
  }

  /** Requests every server refuses in its HTTP layer, most of them before any handler runs. */
  private static final List<String> HOSTILE =
      List.of(
          "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /a/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET / HTTP/1.1\r\n\r\n",
          "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
          "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
          "G\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
          "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token\r\nContent-Length: abc\r\n\r\n",
          "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token\r\n"
              + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n[]\r\n0\r\n\r\n",
          "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
          "BREW /v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
          "DELETE /v1/apps/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token\r\n\r\n");

  @Test
  void hostileRequestsGetErrorsWithoutJavaNames() throws IOException {
    List<String> answers = new ArrayList<>();
    for (int port : List.of(query.port(), ingest.port(), KAFKA.registry().port())) {
      for (String request : HOSTILE) {
        answers.add(RawHttp.exchange(port, request));
      }
    }
    assertThat(answers).hasSize(3 * HOSTILE.size()).allSatisfy(NoClassNamesInErrorsIntegrationTest::isCleanError);
  }

  @Test
  void theRegistrysOwnRefusalsNameNoJavaClass() {
    String registry = KAFKA.schemaRegistryUrl();
    String deep = "[".repeat(2_000) + "]".repeat(2_000);
    List<HttpResponse<String>> answers =
        List.of(
            send("POST", registry + "/subjects/a-value/versions", "{\"schema\": \"{not json\"}"),
            send("POST", registry + "/subjects/a-value/versions", "{\"schema\": \"" + deep + "\"}"),
            send("POST", registry + "/subjects/a-value/versions", deep),
            send("POST", registry + "/subjects/a-value/versions", "{\"schema\": \"{\\\"type\\\": 5}\"}"),
            send("PUT", registry + "/config", "{\"compatibility\": " + deep + "}"),
            send("POST", registry + "/compatibility/subjects/a-value/versions/x", "{}"),
            send("GET", registry + "/schemas/ids/" + "9".repeat(30), null),
            send("DELETE", registry + "/subjects/a-value/versions/" + "9".repeat(30), null));
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
      assertThat(answer.body()).doesNotContainPattern(JAVA_NAME);
    }
  }

  @Test
  void queryAndIngestRefusalsNameNoJavaClass() {
    String queryUrl = "http://127.0.0.1:" + query.port();
    String ingestUrl = "http://127.0.0.1:" + ingest.port();
    Map<String, String> requests =
        Map.of(
            "GET " + queryUrl + "/v1/apps/x/eligibility?at=" + "9".repeat(400), "",
            "GET " + queryUrl + "/v1/apps/x/calls?granularity=%00&from=x", "",
            "POST " + queryUrl + "/v1/apps", "{",
            "PUT " + ingestUrl + "/v1/events", "{",
            "GET " + ingestUrl + "/v1/apps/x", "");
    requests.forEach(
        (request, body) -> {
          String[] methodAndUrl = request.split(" ");
          HttpResponse<String> answer = send(methodAndUrl[0], methodAndUrl[1], body.isEmpty() ? null : body);
          assertThat(answer.statusCode()).as(request).isBetween(400, 499);
          assertThat(answer.body()).as(request).startsWith("{\"error\":").doesNotContainPattern(JAVA_NAME);
        });
  }

  /** An error status line and a JSON body free of Java names. */
  private static void isCleanError(String answer) {
    assertThat(answer).as(answer).matches("(?s)HTTP/1\\.1 [45]\\d\\d .*");
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertThat(body).as(answer).startsWith("{").doesNotContainPattern(JAVA_NAME);
  }

  private static HttpResponse<String> send(String method, String url, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
