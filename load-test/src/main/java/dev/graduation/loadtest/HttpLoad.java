package dev.graduation.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop HTTP load: {@code clients} threads each send a request, wait for the answer, send
 * the next, until {@code requests} have been sent in all. Each answer's latency (send to body
 * read) goes into an HdrHistogram. Closed loop means no coordinated-omission correction: the
 * figures are service times under this concurrency, not latencies at a fixed arrival rate.
 */
public final class HttpLoad {

  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

  /** Latencies in microseconds of the requests that got the expected status. */
  public record Result(String name, Histogram micros, int requests, int unexpected, long nanos, String firstUnexpected) {

    public double requestsPerSecond() {
      return requests * 1e9 / nanos;
    }

    public double millisAt(double percentile) {
      return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-28s %,7d requests in %6.2f s = %,8.0f req/s; latency ms p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f;"
              + " unexpected status %d%s",
          name, requests, nanos / 1e9, requestsPerSecond(), millisAt(50), millisAt(90), millisAt(99),
          micros.getMaxValue() / 1000.0, unexpected,
          firstUnexpected == null ? "" : " (first: " + firstUnexpected + ")");
    }
  }

  private HttpLoad() {}

  /**
   * Sends {@code warmup} unrecorded requests, then {@code requests} recorded ones, from {@code
   * clients} threads. Request {@code i} is {@code request.apply(i)}.
   */
  public static Result run(
      String name, HttpClient http, int clients, int warmup, int requests, IntFunction<HttpRequest> request,
      int expectedStatus, Duration timeout) {
    phase(name + " warm-up", http, clients, warmup, request, expectedStatus, timeout);
    return phase(name, http, clients, requests, request, expectedStatus, timeout);
  }

  private static Result phase(
      String name, HttpClient http, int clients, int requests, IntFunction<HttpRequest> request,
      int expectedStatus, Duration timeout) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger unexpected = new AtomicInteger();
    AtomicReference<String> firstUnexpected = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Histogram>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        workers.add(
            pool.submit(
                () -> {
                  Histogram histogram = new Histogram(MAX_MICROS, 3);
                  for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest r = request.apply(i);
                    long sent = System.nanoTime();
                    HttpResponse<String> response = send(http, r);
                    long micros = (System.nanoTime() - sent) / 1000;
                    if (response.statusCode() == expectedStatus) {
                      histogram.recordValue(Math.min(micros, MAX_MICROS));
                    } else {
                      unexpected.incrementAndGet();
                      firstUnexpected.compareAndSet(
                          null, r.uri().getPath() + " -> " + response.statusCode() + " " + abbreviate(response.body()));
                    }
                  }
                  return histogram;
                }));
      }
      Histogram all = new Histogram(MAX_MICROS, 3);
      long deadline = start + timeout.toNanos();
      for (Future<Histogram> worker : workers) {
        all.add(worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
      long nanos = System.nanoTime() - start;
      return new Result(name, all, requests, unexpected.get(), nanos, firstUnexpected.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + name, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not finish within " + timeout, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }
}
