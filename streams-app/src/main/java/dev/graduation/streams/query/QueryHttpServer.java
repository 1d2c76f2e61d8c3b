package dev.graduation.streams.query;

import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.health.Readiness;
import dev.graduation.web.BearerAuth;
import dev.graduation.web.ErrorFormat;
import dev.graduation.web.HttpSkeleton;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The query API over HTTP (contract section 6): bearer-token auth on every /v1 route, JSON
 * errors with the contract's status codes, Prometheus metrics. Health and metrics are open.
 * What every server answers alike (405 with Allow, nosniff, Jetty's errors as JSON, 401
 * challenges) comes from {@link HttpSkeleton} and {@link BearerAuth} in module web.
 */
public final class QueryHttpServer implements AutoCloseable {

  private final Javalin app;

  private QueryHttpServer(Javalin app) {
    this.app = app;
  }

  /**
   * @param reader the state to answer from
   * @param readiness whether the state can answer at all, and why not (for /health/ready)
   */
  public static QueryHttpServer start(
      String host,
      int port,
      List<String> tokens,
      AppQueries queries,
      QueryParams params,
      ActivityReader reader,
      AppDirectory directory,
      Supplier<Readiness.Report> readiness,
      PrometheusMeterRegistry metrics) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.defaultContentType = "application/json";
              HttpSkeleton.install(config, ErrorFormat.JSON, "query");
            });

    app.before("/v1/*", new BearerAuth(tokens).guard());
    app.get("/health/live", ctx -> ctx.json(java.util.Map.of("status", "UP")));
    app.get(
        "/health/ready",
        ctx -> {
          Readiness.Report report = readiness.get();
          ctx.status(report.isUp() ? 200 : 503).json(report);
        });
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

    app.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(dashboard()));
    app.get(
        "/v1/apps",
        ctx ->
            ctx.json(
                new Responses.Apps(
                    directory.knownApps().stream()
                        .map(v -> new Responses.AppSummary(
                            v.getAppId(), v.getEligible(), List.copyOf(v.getFailedRules()), v.getEvaluatedAt().toString()))
                        .toList())));
    app.get(
        "/v1/apps/{appId}/eligibility",
        ctx -> ctx.json(queries.eligibility(QueryParams.appId(ctx), params.at(ctx), reader)));
    app.get("/v1/apps/{appId}", ctx -> ctx.json(queries.registration(QueryParams.appId(ctx), reader)));
    app.get("/v1/apps/{appId}/calls", series(params, reader, queries::calls));
    app.get("/v1/apps/{appId}/latency", series(params, reader, queries::latency));
    app.get("/v1/apps/{appId}/endpoints", exact(params, reader, queries::endpoints));
    app.get("/v1/apps/{appId}/permissions", exact(params, reader, queries::permissions));

    app.exception(
        QueryException.class,
        (e, ctx) -> {
          if (e.status() == 503) {
            ctx.header("Retry-After", "1");
          }
          ErrorFormat.JSON.write(ctx, e.status(), e.getMessage());
        });

    Timer.Builder timer = Timer.builder("query_request_seconds").publishPercentileHistogram();
    app.before(ctx -> ctx.attribute("startNanos", System.nanoTime()));
    app.after(
        ctx -> {
          Long start = ctx.attribute("startNanos");
          if (start != null) {
            String route = ctx.endpointHandlerPath();
            timer
                .tags("route", route == null ? "unmatched" : route, "status", Integer.toString(ctx.statusCode()))
                .register(metrics)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
          }
        });

    app.start(host, port);
    return new QueryHttpServer(app);
  }

  /** A query over a series of hour or day buckets. */
  @FunctionalInterface
  private interface SeriesQuery {
    Object answer(String appId, AppQueries.Granularity granularity, Instant from, Instant to, ActivityReader reader);
  }

  /** A query answered exactly over a range. */
  @FunctionalInterface
  private interface RangeQuery {
    Object answer(String appId, Instant from, Instant to, ActivityReader reader);
  }

  private static Handler series(QueryParams params, ActivityReader reader, SeriesQuery query) {
    return ctx -> {
      AppQueries.Granularity granularity = params.granularity(ctx);
      QueryParams.Range range = params.range(ctx, granularity);
      ctx.json(query.answer(QueryParams.appId(ctx), granularity, range.from(), range.to(), reader));
    };
  }

  private static Handler exact(QueryParams params, ActivityReader reader, RangeQuery query) {
    return ctx -> {
      QueryParams.Range range = params.exactRange(ctx);
      ctx.json(query.answer(QueryParams.appId(ctx), range.from(), range.to(), reader));
    };
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static byte[] dashboard() throws java.io.IOException {
    try (java.io.InputStream page = QueryHttpServer.class.getResourceAsStream("/dashboard/index.html")) {
      if (page == null) {
        throw new java.io.FileNotFoundException("dashboard/index.html is not on the classpath");
      }
      return page.readAllBytes();
    }
  }

}
