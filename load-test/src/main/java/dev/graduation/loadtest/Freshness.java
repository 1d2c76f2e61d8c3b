package dev.graduation.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Freshness: single calls posted to ingest one at a time, each timed from ingest's 202 until
 * {@code totals.calls} of the app's eligibility, asked of a round-robin instance (forwarding where
 * it does not own the app), is one more than before the post. The apps must get no other calls
 * meanwhile, or the count would move by more than one.
 *
 * @param instances query instances asked in turn
 * @param samples calls timed
 */
public record Freshness(int instances, int samples, double p50Ms, double p90Ms, double p99Ms, double maxMs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Times {@code samples} calls, one after the other, round-robin over {@code appIds} and {@code queryUrls}. */
  public static Freshness measure(
      String ingestUrl, List<String> queryUrls, List<String> appIds, int samples, Duration timeout) throws Exception {
    HttpClient http = QueryLatency.client();
    Histogram millis = new Histogram(3);
    for (int i = 0; i < samples; i++) {
      String appId = appIds.get(i % appIds.size());
      HttpRequest ask = QueryLatency.eligibility(queryUrls.get(i % queryUrls.size()), appId);
      long before = calls(http, ask);
      String event = JSON.writeValueAsString(List.of(Map.of(
          "eventId", UUID.randomUUID().toString(),
          "appId", appId,
          "timestamp", Instant.now().toString(),
          "method", "GET",
          "path", "/restapi/v1.0/account/~/extension/~/presence",
          "status", 200,
          "latencyMs", 42)));
      HttpResponse<String> accepted = http.send(
          HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
              .header("Authorization", "Bearer " + BenchApps.TOKEN).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(event)).build(),
          HttpResponse.BodyHandlers.ofString());
      long acceptedAt = System.nanoTime();
      if (accepted.statusCode() != 202) {
        throw new IllegalStateException("ingest answered " + accepted.statusCode() + ": " + accepted.body());
      }
      long deadline = acceptedAt + timeout.toNanos();
      while (calls(http, ask) != before + 1) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(appId + ": the call accepted by ingest not visible within " + timeout);
        }
        LockSupport.parkNanos(2_000_000L);
      }
      millis.recordValue(Math.max(1, (System.nanoTime() - acceptedAt) / 1_000));
    }
    return new Freshness(queryUrls.size(), samples,
        millis.getValueAtPercentile(50) / 1000.0, millis.getValueAtPercentile(90) / 1000.0,
        millis.getValueAtPercentile(99) / 1000.0, millis.getMaxValue() / 1000.0);
  }

  /** totals.calls of an eligibility answer; a 503 (rebalance) is asked again. */
  public static long calls(HttpClient http, HttpRequest ask) throws Exception {
    while (true) {
      HttpResponse<String> reply = http.send(ask, HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() == 200) {
        return JSON.readTree(reply.body()).path("totals").path("calls").asLong();
      }
      if (reply.statusCode() != 503) {
        throw new IllegalStateException(ask.uri() + " answered " + reply.statusCode() + ": " + reply.body());
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "freshness (202 at ingest -> visible in eligibility), %d instances, %d calls:"
            + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
        instances, samples, p50Ms, p90Ms, p99Ms, maxMs);
  }
}
