package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query service's HTTP answers that need no Kafka: methods, security headers, 401 challenges,
 * 404 bodies. The state is an empty reader, so every app is unknown.
 */
class QueryHttpServerTest {

  private static final String TOKEN = "query-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static QueryHttpServer server;

  @BeforeAll
  static void start() {
    server = TestQueryServers.withNoActivity(TOKEN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Seen failing with 404 {"error": "no such route: POST /v1/apps/x/eligibility"}, and with the
   * Allow header left out of HttpSkeleton.
   */
  @Test
  void aWrongMethodOnAnExistingRouteIs405WithAllow() {
    HttpResponse<String> post = send("POST", "/v1/apps/x/eligibility", TOKEN);
    HttpResponse<String> delete = send("DELETE", "/health/live", null);

    assertJsonError(post, 405, "{\"error\": \"method not allowed\"}");
    assertThat(post.headers().allValues("Allow")).containsExactly("GET");
    assertJsonError(delete, 405, "{\"error\": \"method not allowed\"}");
    assertThat(delete.headers().allValues("Allow")).containsExactly("GET");
    // A wrong method is no way around the token.
    assertJsonError(send("POST", "/v1/apps/x/eligibility", null), 401,
        "{\"error\": \"missing or invalid bearer token\"}");
  }

  /** Seen failing with the raw path in the body: {"error": "no such route: GET /v1/<script>..."}. */
  @Test
  void aNotFoundBodyIsFixedJsonAndNeverEchoesThePath() {
    HttpResponse<String> unknown = send("GET", "/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E", TOKEN);
    HttpResponse<String> outside = send("GET", "/no/such/page", null);

    assertJsonError(unknown, 404, "{\"error\": \"not found\"}");
    assertJsonError(outside, 404, "{\"error\": \"not found\"}");
    assertThat(unknown.body()).doesNotContain("script");
  }

  /** Seen failing with no WWW-Authenticate header on either 401. */
  @Test
  void every401ChallengesForABearerTokenAsRfc6750Says() {
    HttpResponse<String> none = send("GET", "/v1/apps", null);
    HttpResponse<String> wrong = send("GET", "/v1/apps", "wrong-token");
    HttpResponse<String> otherScheme = sendWithAuthorization("/v1/apps", "Basic cXVlcnktdG9rZW4=");

    assertJsonError(none, 401, "{\"error\": \"missing or invalid bearer token\"}");
    assertThat(none.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"graduation-analytics\"");
    assertJsonError(wrong, 401, "{\"error\": \"missing or invalid bearer token\"}");
    assertThat(wrong.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"graduation-analytics\", error=\"invalid_token\"");
    assertThat(otherScheme.statusCode()).isEqualTo(401);
    assertThat(otherScheme.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer realm=\"graduation-analytics\"");
  }

  /**
   * Seen failing on the code before (no X-Content-Type-Options on any answer) and with the Jetty
   * customizer of SecurityHeaders left out (the dashboard page first).
   */
  @Test
  void everyKindOfAnswerCarriesNosniff() throws IOException {
    List<HttpResponse<String>> answers =
        List.of(
            send("GET", "/", null), // the dashboard page
            send("GET", "/metrics", null),
            send("GET", "/health/live", null),
            send("GET", "/health/ready", null),
            send("GET", "/v1/apps", TOKEN),
            send("GET", "/v1/apps/nobody/eligibility", TOKEN), // 404 of the query itself
            send("GET", "/v1/apps/x/eligibility?at=yesterday", TOKEN), // 400
            send("GET", "/v1/apps", null), // 401
            send("GET", "/nothing", null), // 404 of the router
            send("PUT", "/v1/apps", TOKEN), // 405
            send("GET", "/v1/apps/x/eligibility?at=" + "9".repeat(20_000), TOKEN)); // 414 by Jetty
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.headers().allValues("X-Content-Type-Options"))
          .as("%s %s", answer.request().uri().getPath(), answer.statusCode())
          .containsExactly("nosniff");
    }
    String badRequestLine = RawHttp.exchange(server.port(), "GET /v1/apps HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    assertThat(badRequestLine).startsWith("HTTP/1.1 400 ").containsIgnoringCase("X-Content-Type-Options: nosniff");
    assertThat(badRequestLine).contains("{\"error\":\"bad request\"}");
  }

  /**
   * The listing's parameters are checked before any instance is asked. Seen failing with the
   * limit's range check removed (limit=0 answered 200 {"apps":[],"nextCursor":null}) and with a
   * bad cursor read as "from the start" (the same 200 instead of 400).
   */
  @Test
  void badListingParametersAre400WithAReason() {
    assertJsonError(send("GET", "/v1/apps?limit=0", TOKEN), 400, "{\"error\": \"limit must be a whole number from 1 to 500\"}");
    assertJsonError(send("GET", "/v1/apps?limit=501", TOKEN), 400, "{\"error\": \"limit must be a whole number from 1 to 500\"}");
    assertJsonError(send("GET", "/v1/apps?limit=ten", TOKEN), 400, "{\"error\": \"limit must be a whole number from 1 to 500\"}");
    assertJsonError(send("GET", "/v1/apps?eligible=yes", TOKEN), 400, "{\"error\": \"eligible must be true or false\"}");
    assertJsonError(send("GET", "/v1/apps?cursor=bm90LW91cnM", TOKEN), 400,
        "{\"error\": \"cursor must be a nextCursor returned by GET /v1/apps\"}");
    assertJsonError(send("GET", "/v1/apps?prefix=a%2Fb", TOKEN), 400,
        "{\"error\": \"prefix must be the start of an appId: up to 64 of A-Z a-z 0-9 . _ -\"}");
    HttpResponse<String> empty = send("GET", "/v1/apps?limit=500&eligible=false&prefix=x", TOKEN);
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEqualTo("{\"apps\":[],\"nextCursor\":null}");
  }

  /**
   * The dashboard is served whole from the jar, Chart.js from its WebJar, each with a policy that
   * lets the page load code and data from this origin only. Seen failing with the
   * Content-Security-Policy header left out of DashboardAssets.
   */
  @Test
  void theDashboardAndChartJsAreServedFromTheJarWithAStrictPolicy() {
    Map<String, String> types = Map.of(
        "/", "text/html", "/dashboard.js", "text/javascript", "/dashboard.css", "text/css", "/vendor/chart.umd.js", "text/javascript");
    types.forEach((path, type) -> {
      HttpResponse<String> answer = send("GET", path, null);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith(type));
      assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path)
          .hasValue(DashboardAssets.CONTENT_SECURITY_POLICY);
    });
    assertThat(DashboardAssets.CONTENT_SECURITY_POLICY).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
    assertThat(send("GET", "/vendor/chart.umd.js", null).body()).contains("Chart.js v4.");
    assertThat(send("GET", "/", null).body()).contains("<script src=\"/vendor/chart.umd.js\"", "<script src=\"/dashboard.js\"");
  }

  /** Operators' view needs the token like every /v1 route. */
  @Test
  void theInstanceListNeedsTheToken() {
    assertJsonError(send("GET", "/v1/instances", null), 401, "{\"error\": \"missing or invalid bearer token\"}");
    HttpResponse<String> instances = send("GET", "/v1/instances", TOKEN);
    assertThat(instances.statusCode()).isEqualTo(200);
    assertThat(instances.body()).isEqualTo(
        "{\"instances\":[{\"host\":\"127.0.0.1:0\",\"reachable\":true,\"state\":\"RUNNING\","
            + "\"activePartitions\":[0,1,2,3,4,5],\"standbyPartitions\":[],\"lag\":{}}]}");
  }

  private static void assertJsonError(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    try {
      assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(body));
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  private static HttpResponse<String> send(String method, String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  private static HttpResponse<String> sendWithAuthorization(String path, String authorization) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", authorization));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
