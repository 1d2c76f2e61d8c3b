package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.ingest.IngestServer;
import dev.graduation.streams.StreamsApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 1, the burst: 200,000 events of one app posted to ingest as fast as 8 connections
 * can, into a running topology, whose commits then hold thousands of that app's calls of one
 * hour each. Counts come out exact, no stream thread dies, and every quiet app, those on the busy
 * app's partition included, answers 200 with its exact counts.
 *
 * <p>Seen failing on the code before the raw-call chunks were bounded (21e1197):
 * {@code RecordTooLargeException} on a 1,289,957-byte {@code recent-call-digests} changelog record,
 * the stream thread died and was replaced (failFast: "a stream thread died", 20 s into the test).
 */
@Tag("integration")
@Timeout(300)
class BusyAppBurstIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final int BURST = 200_000;
  private static final int EVENTS_PER_REQUEST = 500;
  private static final int CONNECTIONS = 8;
  private static final String INGEST_TOKEN = "ingest-token";
  private static final String QUERY_TOKEN = "query-token";
  private static final String APPLICATION_ID = "busy-app-burst-it";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path stateDir;
  private static IngestServer ingest;
  private static StreamsApp app;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    ingest = TestIngestServers.on(KAFKA, INGEST_TOKEN);
    app = StreamsApp.start(TestStreamsApps.config(KAFKA, APPLICATION_ID, stateDir, QUERY_TOKEN), Clock.systemUTC());
    await().atMost(Duration.ofSeconds(60)).until(app::isRunning);
    await().atMost(Duration.ofSeconds(60)).until(() -> send(get("/health/ready")).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  void oneAppsBurstThroughIngestIsCountedExactlyWithoutThreadDeath() throws Exception {
    BusyAppTraffic traffic = new BusyAppTraffic("busy-burst-app", 2);
    assertThat(post(body(traffic.quietEvents()))).isEqualTo(202);
    List<byte[]> bodies = new ArrayList<>();
    List<ApiCallEvent> batch = new ArrayList<>();
    for (long i = 0; i < BURST; i++) {
      batch.add(traffic.busyEvent(i));
      if (batch.size() == EVENTS_PER_REQUEST) {
        bodies.add(body(batch));
        batch.clear();
      }
    }

    Semaphore connections = new Semaphore(CONNECTIONS);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    for (byte[] body : bodies) {
      connections.acquire();
      answers.add(http.sendAsync(postOf(body), HttpResponse.BodyHandlers.discarding())
          .thenApply(HttpResponse::statusCode)
          .whenComplete((status, error) -> connections.release()));
    }
    for (CompletableFuture<Integer> answer : answers) {
      assertThat(answer.get()).as("ingest's answer to a batch").isEqualTo(202);
    }

    traffic.assertAllCountedExactly(app, QUERY_TOKEN, KAFKA.bootstrapServers(), APPLICATION_ID, Duration.ofSeconds(120));
  }

  private static byte[] body(List<ApiCallEvent> events) throws Exception {
    return JSON.writeValueAsBytes(events.stream().map(BusyAppTraffic::json).toList());
  }

  private static int post(byte[] body) {
    return send(postOf(body)).statusCode();
  }

  private static HttpRequest postOf(byte[] body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/v1/events"))
        .header("Authorization", "Bearer " + INGEST_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + path))
        .header("Authorization", "Bearer " + INGEST_TOKEN)
        .build();
  }

  private static HttpResponse<Void> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
