package dev.graduation.streams;

import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.health.Readiness;
import dev.graduation.streams.health.ReplacementBudget;
import dev.graduation.streams.health.StreamThreadFailures;
import dev.graduation.streams.query.AppQueries;
import dev.graduation.streams.query.KafkaStreamsCluster;
import dev.graduation.streams.query.QueryHttpServer;
import dev.graduation.streams.query.QueryParams;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.topology.DeadLetterDeserializationHandler;
import dev.graduation.streams.topology.GraduationTopology;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running streams-app instance: the topology in a KafkaStreams, and the query API in front
 * of its state. The HTTP server starts first so that an ephemeral port can be advertised to the
 * other instances as this one's application.server.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final QueryHttpServer http;
  private final KafkaStreamsMetrics streamsMetrics;
  private final PrometheusMeterRegistry metrics;

  private StreamsApp(
      KafkaStreams streams, QueryHttpServer http, KafkaStreamsMetrics streamsMetrics, PrometheusMeterRegistry metrics) {
    this.streams = streams;
    this.http = http;
    this.streamsMetrics = streamsMetrics;
    this.metrics = metrics;
  }

  public static StreamsApp start(StreamsAppConfig config, Clock clock) {
    return start(config, EndpointCatalog.load(), clock);
  }

  /** With another catalog than the shipped one (tests plant failures through it). */
  public static StreamsApp start(StreamsAppConfig config, EndpointCatalog catalog, Clock clock) {
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
      log.warn("Processing guarantee {}: counts may be lost or doubled after a crash; use {} in production",
          config.processingGuarantee(), StreamsConfig.EXACTLY_ONCE_V2);
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EligibilityEvaluator evaluator =
        new EligibilityEvaluator(
            config.rules(), GraduationRules.forCatalog(catalog), config.dailyRetention(), clock);
    AtomicReference<KafkaStreams> running = new AtomicReference<>();
    // The port is known once the server is bound: the cluster view reads it from there.
    AtomicReference<HostInfo> self = new AtomicReference<>();
    StreamThreadFailures threadFailures =
        new StreamThreadFailures(
            config.applicationId(), new ReplacementBudget(config.threadReplacements(), clock), clock, metrics);
    Readiness readiness =
        new Readiness(() -> running.get() == null ? null : running.get().state(), threadFailures, metrics);
    QueryHttpServer http =
        QueryHttpServer.start(
            config.httpHost(),
            config.httpPort(),
            config.queryTokens(),
            new AppQueries(evaluator),
            new QueryParams(clock, config.hourlyRetention(), config.dailyRetention(), config.recentCallsRetention()),
            new KafkaStreamsCluster(running::get, self::get, config.standbys().maxLag()),
            readiness::report,
            metrics);
    StreamsAppConfig bound = config.withHttpPort(http.port());
    self.set(new HostInfo(bound.advertisedHost(), http.port()));
    Properties props = bound.streamsProperties();
    props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, metrics);
    KafkaStreams streams =
        new KafkaStreams(GraduationTopology.build(bound.topologySettings(), catalog, clock), props);
    streams.setUncaughtExceptionHandler(threadFailures);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    running.set(streams);
    streams.start();
    log.info("streams-app {} started; query API on port {}", config.applicationId(), http.port());
    return new StreamsApp(streams, http, streamsMetrics, metrics);
  }

  public KafkaStreams streams() {
    return streams;
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    http.close();
    streams.close();
    streamsMetrics.close();
    metrics.close();
  }
}
