package dev.graduation.ingest;

import dev.graduation.ingest.apps.AppRegistry;
import dev.graduation.ingest.apps.PermissionCatalog;
import dev.graduation.ingest.apps.RegistrationService;
import dev.graduation.ingest.apps.RegistrationValidator;
import dev.graduation.ingest.events.EventIngestion;
import dev.graduation.ingest.events.EventValidator;
import dev.graduation.ingest.http.IngestHttp;
import dev.graduation.ingest.kafka.KafkaHealth;
import dev.graduation.ingest.kafka.KafkaPublisher;
import dev.graduation.web.JvmAndProcessMetrics;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running ingest service: HTTP server, Kafka producer, the registrations reader and the
 * metrics, started together and closed together.
 *
 * <pre>{@code
 * try (IngestServer server = IngestServer.start(IngestConfig.defaults().withPort(0).withTokens("t"))) {
 *   // POST http://localhost:<server.port()>/v1/events with "Authorization: Bearer t"
 * }
 * }</pre>
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);

  private final Javalin http;
  private final PrometheusMeterRegistry metrics;
  /** Closed in reverse order of creation: HTTP first, so no request finds the producer gone. */
  private final Deque<AutoCloseable> resources;
  private boolean closed;

  private IngestServer(Javalin http, PrometheusMeterRegistry metrics, Deque<AutoCloseable> resources) {
    this.http = http;
    this.metrics = metrics;
    this.resources = resources;
  }

  /** Starts with the system clock in UTC. */
  public static IngestServer start(IngestConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Starts the service and returns once the HTTP port is bound. Kafka need not be up: the producer
   * and the registrations reader connect when they can, and until then requests get 503 and
   * {@code /health/ready} says not ready.
   *
   * @param clock "now" for the timestamp bounds, {@code receivedAt} and registration times
   * @throws IllegalArgumentException when no token is configured: an open ingest endpoint is never
   *     what anyone meant
   * @throws IllegalStateException when Kafka refuses the credentials (the message names the
   *     settings to check); Kafka that does not answer within 2 s is no reason not to start
   */
  public static IngestServer start(IngestConfig config, Clock clock) {
    if (config.tokens().isEmpty()) {
      throw new IllegalArgumentException(
          "No bearer token configured: set at least one (INGEST_TOKENS, --tokens or the tokens key)");
    }
    // Before any client that would retry refused credentials for ever, one line in a log each time.
    KafkaHealth.requireCredentialsAccepted(config);
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    resources.push(metrics::close);
    try {
      resources.push(JvmAndProcessMetrics.bindTo(metrics));

      KafkaPublisher publisher = new KafkaPublisher(config, metrics);
      resources.push(publisher);
      publisher.registerSchemasInBackground();
      AppRegistry registry = new AppRegistry(config);
      resources.push(registry);
      registry.start();
      KafkaHealth kafkaHealth = new KafkaHealth(config);
      resources.push(kafkaHealth);

      EventIngestion ingestion =
          new EventIngestion(
              new EventValidator(clock, config.maxFutureSkew(), config.maxAge()),
              publisher,
              config.maxEventsPerRequest(),
              metrics);
      RegistrationService registrations = new RegistrationService(registry, publisher, clock);
      Javalin http =
          IngestHttp.create(
              config,
              ingestion,
              new RegistrationValidator(PermissionCatalog.load()),
              registrations,
              registry,
              kafkaHealth,
              metrics);
      resources.push(http::stop);
      http.start(config.host(), config.port());
      log.info("Ingest listening on {}:{}", config.host(), http.port());
      return new IngestServer(http, metrics, resources);
    } catch (RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  /** The bound HTTP port (the actual one when the configured port was 0). */
  public int port() {
    return http.port();
  }

  /** The meters behind {@code /metrics}. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** Stops HTTP, then flushes and closes the producer, then the rest. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeAll(resources);
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Failure while closing {}", resource, e);
      }
    }
  }
}
