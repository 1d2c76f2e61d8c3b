package dev.graduation.streams.query;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.health.Readiness;
import dev.graduation.web.PrometheusText;
import dev.graduation.web.BearerAuth;
import dev.graduation.web.ErrorFormat;
import dev.graduation.web.Health;
import dev.graduation.web.HttpSkeleton;
import dev.graduation.web.RequestMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The query API over HTTP (contract section 6): bearer-token auth on every /v1 route, JSON
 * errors with the contract's status codes, Prometheus metrics. Health and metrics are open.
 * What every server answers alike (405 with Allow, nosniff, Jetty's errors as JSON, 401
 * challenges) comes from {@link HttpSkeleton} and {@link BearerAuth} in module web.
 *
 * <p>Any instance answers every route: a query about an app is answered where {@link KeyOwners}
 * says (here, or forwarded once to the owner), and the app list and the instance list are
 * gathered from every instance. Answers read from an app's state say who served them ({@link
 * Forwarder#SERVED_BY}, and {@link Forwarder#STANDBY_LAG} for a standby).
 */
public final class QueryHttpServer implements AutoCloseable {

  private final Javalin app;
  private final Forwarder forwarder;

  private QueryHttpServer(Javalin app, Forwarder forwarder) {
    this.app = app;
    this.forwarder = forwarder;
  }

  /**
   * @param versions told by the topology when an app's state changed (eligibility answers are
   *     kept until then)
   * @param cluster where each app's state is, and this instance's copy of it
   * @param readiness whether the state can answer at all, and why not (for /health/ready)
   */
  public static QueryHttpServer start(
      String host,
      int port,
      List<String> tokens,
      AppQueries queries,
      AppStateVersions versions,
      QueryParams params,
      Cluster cluster,
      Supplier<Readiness.Report> readiness,
      PrometheusMeterRegistry metrics) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.defaultContentType = "application/json";
              HttpSkeleton.install(config, ErrorFormat.JSON, "query");
              RequestMetrics.install(config, metrics, "query");
            });
    Forwarder forwarder = new Forwarder(cluster::self);
    AppListing listing = new AppListing(cluster, forwarder, Topics.API_CALLS.partitions());
    InstanceReports instances = new InstanceReports(cluster, forwarder);
    Routed routed = new Routed(cluster, forwarder, metrics);
    EligibilityAnswers answers = new EligibilityAnswers(queries, versions);

    app.before("/v1/*", new BearerAuth(tokens).guard());
    app.get("/health/live", Health::live);
    app.get(
        "/health/ready",
        ctx -> {
          Readiness.Report report = readiness.get();
          ctx.status(report.isUp() ? 200 : 503).json(report);
        });
    app.get("/metrics", PrometheusText.handler(metrics::scrape));

    DashboardAssets.install(app);
    app.get(
        "/v1/apps",
        ctx -> {
          AppListing.Filter filter = QueryParams.listing(ctx);
          ctx.json(
              Forwarder.isForwarded(ctx)
                  ? listing.localPage(QueryParams.partitions(ctx, Topics.API_CALLS.partitions()), filter)
                  : listing.page(filter, ctx.header("Authorization")));
        });
    app.get(
        "/v1/instances",
        ctx ->
            ctx.json(
                Forwarder.isForwarded(ctx)
                    ? new Responses.Instances(List.of(cluster.localInstance()))
                    : instances.all(ctx.header("Authorization"))));
    app.get(
        "/v1/apps/{appId}/eligibility",
        routed.query((ctx, appId) -> {
          Instant at = params.at(ctx);
          boolean now = ctx.queryParam("at") == null;
          return (reader, active) ->
              now && active ? answers.fromActive(appId, at, reader) : queries.eligibility(appId, at, reader);
        }));
    app.get("/v1/apps/{appId}", routed.query((ctx, appId) -> (reader, active) -> queries.registration(appId, reader)));
    app.get("/v1/apps/{appId}/calls", routed.query(series(params, queries::calls)));
    app.get("/v1/apps/{appId}/latency", routed.query(series(params, queries::latency)));
    app.get("/v1/apps/{appId}/endpoints", routed.query(ranged(params::exactRange, queries::endpoints)));
    app.get("/v1/apps/{appId}/permissions", routed.query(ranged(params::exactRange, queries::permissions)));
    app.get("/v1/apps/{appId}/endpoints/latency", routed.query(ranged(params::rawCallsRange, queries::endpointLatency)));

    app.exception(
        QueryException.class,
        (e, ctx) -> {
          if (e.status() == 503) {
            ctx.header("Retry-After", "1");
          }
          ErrorFormat.JSON.write(ctx, e.status(), e.getMessage());
        });
    app.exception(
        InvalidStateStoreException.class,
        (e, ctx) -> {
          // A store closed under a read: its task moved (rebalance) while the answer was read.
          ctx.header("Retry-After", "1");
          ErrorFormat.JSON.write(ctx, 503, "state moved while it was read (rebalance); retry");
        });

    app.start(host, port);
    return new QueryHttpServer(app, forwarder);
  }

  /** A query over a series of hour or day buckets. */
  @FunctionalInterface
  private interface SeriesQuery {
    Object answer(String appId, AppQueries.Granularity granularity, Instant from, Instant to, ActivityReader reader);
  }

  /** A query answered exactly over a range ({@link QueryParams} bounds it by what the stores keep). */
  @FunctionalInterface
  private interface RangeQuery {
    Object answer(String appId, Instant from, Instant to, ActivityReader reader);
  }

  private static Routed.AppQuery series(QueryParams params, SeriesQuery query) {
    return (ctx, appId) -> {
      AppQueries.Granularity granularity = params.granularity(ctx);
      QueryParams.Range range = params.range(ctx, granularity);
      return (reader, active) -> query.answer(appId, granularity, range.from(), range.to(), reader);
    };
  }

  private static Routed.AppQuery ranged(Function<Context, QueryParams.Range> ranges, RangeQuery query) {
    return (ctx, appId) -> {
      QueryParams.Range range = ranges.apply(ctx);
      return (reader, active) -> query.answer(appId, range.from(), range.to(), reader);
    };
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    forwarder.close();
  }
}
