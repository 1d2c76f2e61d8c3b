package dev.graduation.streams.replay;

import dev.graduation.web.PrometheusText;
import dev.graduation.web.ErrorFormat;
import dev.graduation.web.Health;
import dev.graduation.web.HttpSkeleton;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A replay's progress over HTTP, open like the services' health and metrics: {@code GET
 * /replay/status} (JSON, {@link ReplayStatus}) and {@code GET /metrics} (Prometheus gauges {@code
 * replay_records_done} and {@code replay_records_target} (not _total: Prometheus keeps that for counters), plus {@code replay_events_per_second}).
 */
final class StatusServer implements AutoCloseable {

  private final Javalin app;
  private final PrometheusMeterRegistry metrics;

  private StatusServer(Javalin app, PrometheusMeterRegistry metrics) {
    this.app = app;
    this.metrics = metrics;
  }

  static StatusServer start(String host, int port, AtomicReference<ReplayStatus> status) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder("replay.records.done", status, s -> s.get().recordsDone())
        .description("records of the input topics the replay has committed since its start offsets").register(metrics);
    Gauge.builder("replay.records.target", status, s -> s.get().recordsTotal())
        .description("records between the start offsets and the end offsets captured at start").register(metrics);
    Gauge.builder("replay.events.per.second", status, s -> s.get().eventsPerSecond())
        .description("records committed per second since this run started").register(metrics);
    Javalin app =
        Javalin.create(config -> {
          config.showJavalinBanner = false;
          config.http.defaultContentType = "application/json";
          HttpSkeleton.install(config, ErrorFormat.JSON, "replay");
        });
    app.get("/replay/status", ctx -> ctx.json(status.get()));
    app.get("/health/live", Health::live);
    app.get("/metrics", PrometheusText.handler(metrics::scrape));
    app.start(host, port);
    return new StatusServer(app, metrics);
  }

  int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
    metrics.close();
  }
}
