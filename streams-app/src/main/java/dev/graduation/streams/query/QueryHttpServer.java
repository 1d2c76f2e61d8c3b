package dev.graduation.streams.query;

import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.health.Readiness;
import dev.graduation.web.BearerTokens;
import dev.graduation.web.JsonErrorHandler;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API over HTTP (contract section 6): bearer-token auth on every /v1 route, JSON
 * errors with the contract's status codes, Prometheus metrics. Health and metrics are open.
 */
public final class QueryHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QueryHttpServer.class);

  /** Marks a response whose JSON error is written, so the 404 fallback leaves it alone. */
  private static final String ERROR_WRITTEN = "graduation.errorWritten";

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
    BearerTokens acceptedTokens = new BearerTokens(tokens);
    JsonErrorHandler jettyErrors = new JsonErrorHandler();
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.defaultContentType = "application/json";
              // Errors Jetty answers itself (a request line too long, bad headers) are JSON too.
              config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
              config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyErrors));
            });

    app.before(
        "/v1/*",
        ctx -> {
          if (!acceptedTokens.accepts(ctx.header("Authorization"))) {
            throw new Unauthorised();
          }
        });
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

    app.exception(Unauthorised.class, (e, ctx) -> error(ctx, 401, "missing or invalid bearer token"));
    app.exception(
        QueryException.class,
        (e, ctx) -> {
          if (e.status() == 503) {
            ctx.header("Retry-After", "1");
          }
          error(ctx, e.status(), e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("Query {} {} failed", ctx.method(), ctx.path(), e);
          error(ctx, 500, "internal error");
        });
    app.error(404, ctx -> {
      if (ctx.attribute(ERROR_WRITTEN) == null) {
        error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path());
      }
    });
    app.error(405, ctx -> error(ctx, 405, "method not allowed"));

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

  private static void error(Context ctx, int status, String message) {
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    ctx.status(HttpStatus.forStatus(status)).json(new Responses.Error(message));
  }

  private static final class Unauthorised extends RuntimeException {
    Unauthorised() {
      super("unauthorised", null, false, false);
    }
  }
}
