package dev.graduation.streams;

import dev.graduation.config.KafkaCredentials;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.health.Readiness;
import dev.graduation.streams.health.ReplacementBudget;
import dev.graduation.streams.health.StreamThreadFailures;
import dev.graduation.streams.query.AppQueries;
import dev.graduation.streams.query.InteractiveQueryReader;
import dev.graduation.streams.query.KafkaStreamsCluster;
import dev.graduation.streams.query.QueryHttpServer;
import dev.graduation.streams.query.QueryParams;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.topology.DeadLetterDeserializationHandler;
import dev.graduation.streams.topology.GraduationTopology;
import dev.graduation.web.JvmAndProcessMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
  public static final String ELIGIBLE_APPS_GAUGE = "streams.eligible.apps";
  /** How long the start waits for Kafka to accept or refuse the credentials; no answer: start anyway. */
  private static final Duration CREDENTIALS_CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaStreams streams;
  private final QueryHttpServer http;
  private final KafkaStreamsMetrics streamsMetrics;
  private final AutoCloseable jvmMetrics;
  private final PrometheusMeterRegistry metrics;

  private StreamsApp(
      KafkaStreams streams, QueryHttpServer http, KafkaStreamsMetrics streamsMetrics, AutoCloseable jvmMetrics,
      PrometheusMeterRegistry metrics) {
    this.streams = streams;
    this.http = http;
    this.streamsMetrics = streamsMetrics;
    this.jvmMetrics = jvmMetrics;
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
    Map<String, Object> adminSettings = config.adminSettings();
    // Before the stream threads, which would take refused credentials for a failure to retry.
    KafkaCredentials.requireAccepted("streams-app", adminSettings, CREDENTIALS_CHECK_TIMEOUT);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AutoCloseable jvmMetrics = JvmAndProcessMetrics.bindTo(metrics);
    EligibilityEvaluator evaluator =
        new EligibilityEvaluator(
            config.rules(), GraduationRules.forCatalog(catalog), config.dailyRetention(), clock);
    AtomicReference<KafkaStreams> running = new AtomicReference<>();
    // The port is known once the server is bound: the cluster view reads it from there.
    AtomicReference<HostInfo> self = new AtomicReference<>();
    Gauge.builder(ELIGIBLE_APPS_GAUGE, running, r -> InteractiveQueryReader.eligibleApps(r::get))
        .description("Apps whose last verdict is eligible, in this instance's active tasks (sum over instances)")
        .register(metrics);
    StreamThreadFailures threadFailures =
        new StreamThreadFailures(
            config.applicationId(), new ReplacementBudget(config.threadReplacements(), clock), clock, metrics,
            adminSettings);
    Readiness readiness =
        new Readiness(() -> running.get() == null ? null : running.get().state(), threadFailures, metrics);
    KafkaStreamsCluster cluster = new KafkaStreamsCluster(running::get, self::get, config.standbys().maxLag());
    AppStateVersions versions = new AppStateVersions();
    QueryHttpServer http =
        QueryHttpServer.start(
            config.httpHost(),
            config.httpPort(),
            config.queryTokens(),
            new AppQueries(evaluator),
            versions,
            new QueryParams(clock, config.hourlyRetention(), config.dailyRetention(), config.recentCallsRetention()),
            cluster,
            readiness::report,
            metrics);
    StreamsAppConfig bound = config.withHttpPort(http.port());
    self.set(new HostInfo(bound.advertisedHost(), http.port()));
    Properties props = bound.streamsProperties();
    props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, metrics);
    KafkaStreams streams =
        new KafkaStreams(GraduationTopology.build(bound.topologySettings(), catalog, clock, versions), props);
    streams.setUncaughtExceptionHandler(threadFailures);
    streams.setStandbyUpdateListener(cluster.standbyListener());
    // Tasks move only in a rebalance, and a task taken over brings state this instance's stream
    // thread never wrote: no answer kept from before holds after any change of state.
    streams.setStateListener((now, before) -> versions.changedAll());
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    running.set(streams);
    streams.start();
    log.info("streams-app {} started; query API on port {}", config.applicationId(), http.port());
    return new StreamsApp(streams, http, streamsMetrics, jvmMetrics, metrics);
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
    try {
      jvmMetrics.close();
    } catch (Exception e) {
      log.warn("Cannot stop the GC metrics: {}", e.toString());
    }
    metrics.close();
  }
}
