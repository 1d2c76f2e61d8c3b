package dev.graduation.ingest.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code ingest_request_seconds}, by route and status; one timer per pair, looked up once. */
final class RequestTimers {

  private final MeterRegistry metrics;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  RequestTimers(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  void record(Context ctx, float milliseconds) {
    String route = route(ctx);
    String status = Integer.toString(ctx.statusCode());
    timers
        .computeIfAbsent(
            route + ' ' + status,
            key ->
                Timer.builder("ingest.request")
                    .description("Time to answer an HTTP request, by route and status")
                    .tag("route", route)
                    .tag("status", status)
                    .publishPercentileHistogram()
                    .register(metrics))
        .record((long) (milliseconds * 1_000_000.0), TimeUnit.NANOSECONDS);
  }

  /** "POST /v1/events"-style, or "unmatched": tag values must stay few, whatever clients send. */
  private static String route(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      if (path == null || path.isEmpty() || path.equals("*")) {
        return "unmatched";
      }
      return ctx.method().name() + " " + path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
