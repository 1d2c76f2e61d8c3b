package dev.graduation.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Eligibility-query latency against the same server's {@code GET /health/live} (a pure HTTP round
 * trip), each from closed-loop clients ({@link HttpLoad}), eligibility round-robin over the apps.
 */
public record QueryLatency(int clients, HttpLoad.Result liveness, HttpLoad.Result eligibility) {

  /** An HTTP/1.1 client with a connect timeout, as every benchmark's queries use. */
  public static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** {@code GET /v1/apps/{appId}/eligibility} with the bench token. */
  public static HttpRequest eligibility(String baseUrl, String appId) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/apps/" + appId + "/eligibility"))
        .header("Authorization", "Bearer " + BenchApps.TOKEN)
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
  }

  /** Liveness first, then eligibility, each after {@code warmup} unrecorded requests. */
  public static QueryLatency measure(
      HttpClient http, String baseUrl, List<String> appIds, int clients, int warmup, int queries, Duration timeout) {
    HttpRequest live = HttpRequest.newBuilder(URI.create(baseUrl + "/health/live")).GET().build();
    HttpLoad.Result liveness = HttpLoad.run("GET /health/live", http, clients, warmup, queries, i -> live, 200, timeout);
    System.out.println(liveness);
    List<HttpRequest> requests = appIds.stream().map(appId -> eligibility(baseUrl, appId)).toList();
    HttpLoad.Result eligibility = HttpLoad.run(
        "GET /v1/apps/{id}/eligibility", http, clients, warmup, queries,
        i -> requests.get(i % requests.size()), 200, timeout);
    System.out.println(eligibility);
    return new QueryLatency(clients, liveness, eligibility);
  }

  /** "eligibility vs /health/live on the same server (N clients): p50 ..x, p99 ..x, throughput .. %". */
  public String ratio() {
    return String.format(
        Locale.ROOT,
        "eligibility vs /health/live on the same server (%d clients): p50 %.1fx, p99 %.1fx, throughput %.1f %%",
        clients, eligibility.millisAt(50) / liveness.millisAt(50), eligibility.millisAt(99) / liveness.millisAt(99),
        100 * eligibility.requestsPerSecond() / liveness.requestsPerSecond());
  }

  /**
   * Asks for the app's eligibility until it answers 200 (not yet running, restoring, 503: ask
   * again), at most until {@code deadline} (nanoTime); returns the answer's body.
   */
  public static String awaitAnswer(HttpClient http, String baseUrl, String appId, long deadline)
      throws InterruptedException {
    HttpRequest request = eligibility(baseUrl, appId);
    while (true) {
      try {
        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() == 200) {
          return reply.body();
        }
      } catch (IOException e) {
        // Not listening yet: ask again until the deadline.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(appId + " not answered by " + baseUrl + " in time");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  /** Blocks until {@code ready} answers 200, at most {@code timeout} after {@code start} (nanoTime). */
  public static void awaitReady(HttpClient http, URI ready, long start, Duration timeout) throws InterruptedException {
    long deadline = start + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
    while (true) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: ask again until the deadline.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(ready + " not ready within " + timeout);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
