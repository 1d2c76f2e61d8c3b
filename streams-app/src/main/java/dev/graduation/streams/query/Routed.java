package dev.graduation.streams.query;

import dev.graduation.streams.activity.ActivityReader;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The handler of every {@code /v1/apps/{appId}/...} route: parameters checked here (a 400 never
 * travels), then the query answered where {@link KeyOwners} says: from this instance's state, or
 * by the instance that owns the app.
 */
final class Routed {

  /** Checks a request's parameters and returns the read to run against the app's state. */
  @FunctionalInterface
  interface AppQuery {
    Read prepare(Context ctx, String appId);
  }

  /** A query's read of the app's state here: an answer record, or JSON bytes. */
  @FunctionalInterface
  interface Read {
    /** @param active whether {@code reader} reads an active task (else a standby copy) */
    Object answer(ActivityReader reader, boolean active);
  }

  private final Cluster cluster;
  private final Forwarder forwarder;
  private final Counter active;
  private final Counter standby;
  private final Counter forwarded;
  private final Counter unavailable;

  Routed(Cluster cluster, Forwarder forwarder, MeterRegistry metrics) {
    this.cluster = cluster;
    this.forwarder = forwarder;
    this.active = routes(metrics, "active");
    this.standby = routes(metrics, "standby");
    this.forwarded = routes(metrics, "forwarded");
    this.unavailable = routes(metrics, "unavailable");
  }

  Handler query(AppQuery query) {
    return ctx -> {
      String appId = QueryParams.appId(ctx);
      Read read = query.prepare(ctx, appId);
      boolean wasForwarded = Forwarder.isForwarded(ctx);
      KeyOwners.Route route = cluster.route(appId, wasForwarded);
      if (route instanceof KeyOwners.Forward forward) {
        forwarded.increment();
        if (forward.fallback() == null) {
          forwarder.forward(ctx, forward.targets());
        } else if (!forwarder.tryForward(ctx, forward.targets())) {
          serve(ctx, forward.fallback(), read, false);
        }
      } else if (route instanceof KeyOwners.Unavailable refusal) {
        unavailable.increment();
        throw QueryException.unavailable(refusal.reason());
      } else {
        serve(ctx, (KeyOwners.Serve) route, read, wasForwarded);
      }
    };
  }

  private void serve(Context ctx, KeyOwners.Serve serve, Read read, boolean wasForwarded)
      throws InterruptedException {
    (serve.active() ? active : standby).increment();
    ctx.header(Forwarder.SERVED_BY, KafkaStreamsCluster.address(cluster.self()));
    if (!serve.active()) {
      ctx.header(Forwarder.STANDBY_LAG, Long.toString(serve.lag()));
    }
    Object answer;
    try {
      answer = read.answer(cluster.reader(serve), serve.active());
    } catch (QueryException e) {
      if (e.status() != 404 || serve.active()) {
        throw e;
      }
      // A 404 comes from the owner only: a standby may not have the app's first records yet.
      ctx.removeHeader(Forwarder.SERVED_BY).removeHeader(Forwarder.STANDBY_LAG);
      if (wasForwarded) {
        throw QueryException.unavailable("this standby does not know the app (yet); only its owner may say it does not exist");
      }
      forwarded.increment();
      forwarder.forward(ctx, List.of(serve.owner()));
      return;
    }
    if (!cluster.stillFresh(serve, System.nanoTime())) {
      ctx.removeHeader(Forwarder.SERVED_BY).removeHeader(Forwarder.STANDBY_LAG);
      throw QueryException.unavailable(
          "the standby copy of partition " + serve.partition() + " was reset or fell behind while it was read; retry");
    }
    if (answer instanceof byte[] json) {
      ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    } else {
      ctx.json(answer);
    }
  }

  private static Counter routes(MeterRegistry metrics, String route) {
    return Counter.builder("query_routes_total")
        .description("Queries about one app by where they were answered: active or standby state here, forwarded, or 503")
        .tag("route", route)
        .register(metrics);
  }
}
