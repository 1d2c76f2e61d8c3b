package dev.graduation.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The time to answer each HTTP request, by route ({@code "POST /v1/events"}, or {@code unmatched})
 * and status, for every service alike: {@code <service>_request_seconds} in Prometheus. One timer
 * per route and status, looked up once. Also the server's thread pool ({@code jetty_threads_*},
 * tagged {@code service}): busy threads near the maximum is the first sign of a server at its
 * limit.
 */
public final class RequestMetrics {

  private final MeterRegistry metrics;
  private final String name;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private RequestMetrics(MeterRegistry metrics, String service) {
    this.metrics = metrics;
    this.name = service + ".request";
  }

  /** Times every request of the server being configured. */
  public static void install(JavalinConfig config, MeterRegistry metrics, String service) {
    RequestMetrics timers = new RequestMetrics(metrics, service);
    config.requestLogger.http(timers::record);
    config.jetty.modifyServer(server ->
        new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.of("service", service)).bindTo(metrics));
  }

  private void record(Context ctx, float milliseconds) {
    String route = route(ctx);
    String status = Integer.toString(ctx.statusCode());
    timers
        .computeIfAbsent(
            route + ' ' + status,
            key ->
                Timer.builder(name)
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
