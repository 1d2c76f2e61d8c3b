package dev.graduation.ingest.http;

import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.apps.AppRegistry;
import dev.graduation.ingest.apps.RegistrationService;
import dev.graduation.ingest.apps.RegistrationValidator;
import dev.graduation.ingest.events.EventIngestion;
import dev.graduation.ingest.kafka.KafkaHealth;
import dev.graduation.web.PrometheusText;
import dev.graduation.web.BearerAuth;
import dev.graduation.web.ErrorFormat;
import dev.graduation.web.Health;
import dev.graduation.web.HttpSkeleton;
import dev.graduation.web.RequestMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP surface: routes, the guard in front of {@code /v1/*} (token, body size, requests in
 * flight), health, metrics, and errors as JSON.
 *
 * <pre>
 * POST /v1/events            events, contract section 3        (token)
 * PUT  /v1/apps/{appId}      registrations, contract section 4 (token)
 * GET  /health/live          200 while the process runs
 * GET  /health/ready         200 when Kafka is reachable and registrations are loaded, else 503
 * GET  /metrics              Prometheus text format
 * </pre>
 */
public final class IngestHttp {

  static final int OVERLOAD_RETRY_AFTER_SECONDS = 1;

  private IngestHttp() {}

  /** The Javalin app, not started. */
  public static Javalin create(
      IngestConfig config,
      EventIngestion ingestion,
      RegistrationValidator registrationValidator,
      RegistrationService registrations,
      AppRegistry registry,
      KafkaHealth kafkaHealth,
      PrometheusMeterRegistry metrics) {
    BearerAuth tokens = new BearerAuth(config.tokens());
    InFlightLimiter limiter = new InFlightLimiter(config.maxInFlightRequests(), metrics);
    RequestBody requestBody = new RequestBody(config.maxBodyBytes(), config.bodyTimeout());
    Handler events = guarded(tokens, limiter, config.maxBodyBytes(), new EventsEndpoint(ingestion, requestBody));
    Handler apps =
        guarded(tokens, limiter, config.maxBodyBytes(),
            new AppsEndpoint(registrationValidator, registrations, requestBody));

    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              // Responses are a few bytes; compressing them would only cost CPU.
              cfg.http.disableCompression();
              cfg.http.maxRequestSize = config.maxBodyBytes();
              HttpSkeleton.install(cfg, ErrorFormat.JSON, "ingest");
              cfg.jetty.threadPool = threadPool(config.maxInFlightRequests());
              cfg.jetty.modifyServer(server -> server.addEventListener(largerReadBuffers(server)));
              RequestMetrics.install(cfg, metrics, "ingest");
              cfg.router.mount(
                  router -> {
                    router.post("/v1/events", events);
                    router.put("/v1/apps/{appId}", apps);
                    router.get("/health/live", Health::live);
                    router.get("/health/ready", ctx -> ready(ctx, kafkaHealth, registry));
                    router.get(
                        "/metrics",
                        PrometheusText.handler(metrics::scrape));
                  });
            });
    return app;
  }

  /**
   * One Authorization header (two are ambiguous: which one did a proxy check?), then the token (an
   * unauthenticated client learns nothing, not even the size limit), then a Content-Encoding ingest
   * can read, then the declared size (a body known to be too large is refused before a byte of it
   * is read), then a slot among the requests in flight.
   */
  private static Handler guarded(BearerAuth tokens, InFlightLimiter limiter, long maxBodyBytes, Handler endpoint) {
    return ctx -> {
      if (Collections.list(ctx.req().getHeaders("Authorization")).size() > 1) {
        Json.error(ctx, 400, "more than one Authorization header");
        return;
      }
      if (!tokens.admits(ctx)) {
        return;
      }
      List<String> encodings = Collections.list(ctx.req().getHeaders("Content-Encoding"));
      if (encodings.size() > 1 || (encodings.size() == 1 && !RequestBody.supportsEncoding(encodings.get(0)))) {
        Json.error(ctx, 415, "unsupported Content-Encoding: send the body as is or with gzip");
        return;
      }
      long declared = ctx.req().getContentLengthLong();
      if (declared > maxBodyBytes) {
        Json.error(ctx, 413, "request body larger than " + maxBodyBytes + " bytes");
        return;
      }
      if (!limiter.tryAcquire()) {
        Json.unavailable(ctx, OVERLOAD_RETRY_AFTER_SECONDS, "too many requests in flight; retry later");
        return;
      }
      try {
        endpoint.handle(ctx);
      } catch (InterruptedException e) {
        // Only when the server is being stopped mid-request: nothing was claimed, come back.
        Thread.currentThread().interrupt();
        Json.unavailable(ctx, OVERLOAD_RETRY_AFTER_SECONDS, "shutting down; retry later");
      } finally {
        limiter.release();
      }
    };
  }

  private static void ready(Context ctx, KafkaHealth kafkaHealth, AppRegistry registry)
      throws InterruptedException {
    String kafkaProblem = kafkaHealth.kafkaProblem();
    if (kafkaProblem != null) {
      Health.down(ctx, EventsEndpoint.KAFKA_RETRY_AFTER_SECONDS, kafkaProblem);
    } else if (!registry.isLoaded()) {
      Health.down(ctx, EventsEndpoint.KAFKA_RETRY_AFTER_SECONDS, "app registrations are still being loaded");
    } else {
      Health.up(ctx);
    }
  }

  /**
   * Each connection reads the socket into a buffer of {@link #READ_BUFFER_BYTES} instead of Jetty's
   * 8 KiB. A body of 1,000 events is ~250 KiB: with 8 KiB it took ~30 reads, each a system call
   * and a trip through Jetty's content handling, per request. Set when the server starts, because
   * Javalin adds its connector after configuring the server.
   */
  static LifeCycle.Listener largerReadBuffers(Server server) {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        for (Connector connector : server.getConnectors()) {
          HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
          if (http != null) {
            http.setInputBufferSize(READ_BUFFER_BYTES);
          }
        }
      }
    };
  }

  /** Jetty's socket read buffer per connection; the reader reads the body in 64 KiB too. */
  static final int READ_BUFFER_BYTES = 64 * 1024;

  /**
   * Enough threads for every request in flight plus the 503s, health checks and scrapes that must
   * still get through when all slots are taken, and Jetty's acceptor and selector.
   */
  private static QueuedThreadPool threadPool(int maxInFlightRequests) {
    int max = maxInFlightRequests + 16;
    QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(8, max), 60_000);
    pool.setName("ingest-http");
    return pool;
  }
}
