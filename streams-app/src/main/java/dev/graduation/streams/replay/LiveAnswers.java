package dev.graduation.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The live version's answers, asked of any of its instances over the query API (each answers
 * every route). A 503 (rebalance, restore) is asked again for up to a minute; any other status
 * than 200 or 404 stops the comparison.
 */
final class LiveAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RETRY_FOR = Duration.ofMinutes(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  LiveAnswers(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** Every app of the live version ({@code GET /v1/apps}, page by page). */
  List<String> appIds() throws InterruptedException {
    List<String> apps = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = get("/v1/apps?limit=500" + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      page.path("apps").forEach(app -> apps.add(app.path("appId").asText()));
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return apps;
  }

  /** The app's eligibility at {@code at}; null when the live version does not know the app. */
  JsonNode eligibility(String appId, Instant at) throws InterruptedException {
    return get("/v1/apps/" + encode(appId) + "/eligibility?at=" + at);
  }

  private JsonNode get(String path) throws InterruptedException {
    long deadline = System.nanoTime() + RETRY_FOR.toNanos();
    while (true) {
      HttpResponse<String> response;
      try {
        response = http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException("the live query API at " + baseUrl + " does not answer: " + e.getMessage(), e);
      }
      switch (response.statusCode()) {
        case 200:
          try {
            return JSON.readTree(response.body());
          } catch (IOException e) {
            throw new IllegalStateException("the live query API answered " + path + " with something other than JSON", e);
          }
        case 404:
          return null;
        case 503:
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the live query API answers " + path + " with 503 for " + RETRY_FOR.toSeconds() + " s: " + response.body());
          }
          Thread.sleep(500); // its Retry-After is 1 s; an answer is worth waiting for
          break;
        default:
          throw new IllegalStateException("the live query API answered " + path + " with HTTP " + response.statusCode() + ": " + response.body());
      }
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
