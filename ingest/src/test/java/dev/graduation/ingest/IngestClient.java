package dev.graduation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** The gateway's side of the API, for tests: java.net.http against a running ingest server. */
public final class IngestClient {

  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  public IngestClient(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
  }

  public HttpRequest.Builder authorized(String path) {
    return request(path).header("Authorization", "Bearer " + token);
  }

  /** Waits until the server answers {@code /health/ready} with 200 (Kafka reachable, registrations loaded). */
  public IngestClient awaitReady() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(get("/health/ready").statusCode()).isEqualTo(200));
    return this;
  }

  /** POST /v1/events with a JSON body. */
  public HttpResponse<String> postJson(String body) {
    return send(
        authorized("/v1/events").header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)));
  }

  /** POST /v1/events with an NDJSON body. */
  public HttpResponse<String> postNdjson(String body) {
    return postNdjson(BodyPublishers.ofString(body));
  }

  public HttpResponse<String> postNdjson(BodyPublisher body) {
    return send(authorized("/v1/events").header("Content-Type", "application/x-ndjson").POST(body));
  }

  /** PUT /v1/apps/{appId}. */
  public HttpResponse<String> putApp(String appId, String body) {
    return send(
        authorized("/v1/apps/" + appId).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient http() {
    return http;
  }

  /** {@code bytes} compressed, for a body sent with {@code Content-Encoding: gzip}. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The body as a JSON tree, to compare with an expected tree. */
  public static JsonNode json(HttpResponse<String> response) {
    return json(response.body());
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("Not JSON: " + text, e);
    }
  }
}
