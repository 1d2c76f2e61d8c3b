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
import dev.graduation.streams.version.ActiveVersionFollower;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import dev.graduation.streams.version.VersionRecord;
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
 * One running streams-app instance: the topology of the active version in a KafkaStreams, and the
 * query API in front of its state. The HTTP server starts first so that an ephemeral port can be
 * advertised to the other instances as this one's application.server.
 *
 * <p>Which version runs is the control topic's to say ({@link ControlKeys#active}): read before
 * the KafkaStreams is created, then followed. When it changes ({@code replay cutover}), the
 * instance closes its KafkaStreams and starts the new version's, whose state restores from the
 * changelogs the replay built; queries answer 503 until it can answer, never from the old state.
 */
public final class StreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
  public static final String ELIGIBLE_APPS_GAUGE = "streams.eligible.apps";
  /** How long the start waits for Kafka to accept or refuse the credentials; no answer: start anyway. */
  private static final Duration CREDENTIALS_CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final StreamsAppConfig config;
  private final EndpointCatalog shippedCatalog;
  private final Clock clock;
  private final QueryHttpServer http;
  private final PrometheusMeterRegistry metrics;
  private final AutoCloseable jvmMetrics;
  private final AtomicReference<KafkaStreams> running;
  private final AtomicReference<EligibilityEvaluator> evaluator;
  private final StreamThreadFailures threadFailures;
  private final KafkaStreamsCluster cluster;
  private final AppStateVersions versions;
  private ActiveVersionFollower follower;
  private KafkaStreamsMetrics streamsMetrics;
  private VersionRecord version;
  private boolean closed;

  private StreamsApp(
      StreamsAppConfig config,
      EndpointCatalog shippedCatalog,
      Clock clock,
      QueryHttpServer http,
      PrometheusMeterRegistry metrics,
      AutoCloseable jvmMetrics,
      AtomicReference<KafkaStreams> running,
      AtomicReference<EligibilityEvaluator> evaluator,
      StreamThreadFailures threadFailures,
      KafkaStreamsCluster cluster,
      AppStateVersions versions) {
    this.config = config;
    this.shippedCatalog = shippedCatalog;
    this.clock = clock;
    this.http = http;
    this.metrics = metrics;
    this.jvmMetrics = jvmMetrics;
    this.running = running;
    this.evaluator = evaluator;
    this.threadFailures = threadFailures;
    this.cluster = cluster;
    this.versions = versions;
  }

  public static StreamsApp start(StreamsAppConfig config, Clock clock) {
    return start(config, EndpointCatalog.load(), clock);
  }

  /**
   * With another catalog than the shipped one (tests plant failures through it); a version whose
   * record carries its own catalog uses that one.
   */
  public static StreamsApp start(StreamsAppConfig config, EndpointCatalog catalog, Clock clock) {
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
      log.warn("Processing guarantee {}: counts may be lost or doubled after a crash; use {} in production",
          config.processingGuarantee(), StreamsConfig.EXACTLY_ONCE_V2);
    }
    Map<String, Object> adminSettings = config.adminSettings();
    // Before the stream threads, which would take refused credentials for a failure to retry.
    KafkaCredentials.requireAccepted("streams-app", adminSettings, CREDENTIALS_CHECK_TIMEOUT);
    ControlTopic control = new ControlTopic(config.clientProperties());
    control.ensureExists((short) config.replicationFactor());
    ControlTopic.Snapshot snapshot = control.read();
    String activeKey = ControlKeys.active(config.applicationId());
    String activeJson = snapshot.latest().get(activeKey);
    VersionRecord active;
    try {
      active = activeJson == null ? VersionRecord.first(config.applicationId()) : VersionRecord.parse(activeJson);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("control topic key " + activeKey + ": " + e.getMessage(), e);
    }

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AutoCloseable jvmMetrics = JvmAndProcessMetrics.bindTo(metrics);
    AtomicReference<KafkaStreams> running = new AtomicReference<>();
    // Set before the query API starts (it reads the rules' window mode), and again at each switch.
    AtomicReference<EligibilityEvaluator> evaluator =
        new AtomicReference<>(evaluator(config, active.catalog(catalog), clock));
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
            new AppQueries(evaluator::get),
            versions,
            new QueryParams(clock, config.hourlyRetention(), config.dailyRetention(), config.recentCallsRetention()),
            cluster,
            readiness::report,
            metrics);
    StreamsAppConfig bound = config.withHttpPort(http.port());
    self.set(new HostInfo(bound.advertisedHost(), http.port()));
    StreamsApp app =
        new StreamsApp(
            bound, catalog, clock, http, metrics, jvmMetrics, running, evaluator, threadFailures, cluster, versions);
    app.launch(active);
    app.follower = ActiveVersionFollower.start(control, activeKey, snapshot.endOffset(), app::switchTo);
    return app;
  }

  /** Creates and starts the KafkaStreams of {@code next}; queries read it from then on. */
  private synchronized void launch(VersionRecord next) {
    EndpointCatalog catalog = next.catalog(shippedCatalog);
    evaluator.set(evaluator(config, catalog, clock));
    Properties props = config.toBuilder().applicationId(next.applicationId()).build().streamsProperties();
    props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, metrics);
    KafkaStreams streams =
        new KafkaStreams(GraduationTopology.build(config.topologySettings(), catalog, clock, versions), props);
    streams.setUncaughtExceptionHandler(threadFailures);
    streams.setStandbyUpdateListener(cluster.standbyListener());
    // Tasks move only in a rebalance, and a task taken over brings state this instance's stream
    // thread never wrote: no answer kept from before holds after any change of state.
    streams.setStateListener((now, before) -> versions.changedAll());
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    version = next;
    running.set(streams);
    versions.changedAll(); // answers kept from another version's state are not this one's
    streams.start();
    log.info("streams-app serves version {}; query API on port {}", next.describe(), http.port());
  }

  private static EligibilityEvaluator evaluator(StreamsAppConfig config, EndpointCatalog catalog, Clock clock) {
    return new EligibilityEvaluator(config.rules(), GraduationRules.forCatalog(catalog), config.dailyRetention(), clock);
  }

  /** The control topic named another active version: close this one's KafkaStreams, start that one's. */
  private synchronized void switchTo(VersionRecord next) {
    if (closed || next.applicationId().equals(version.applicationId())) {
      return;
    }
    log.info("switching from version {} to {}", version.describe(), next.describe());
    KafkaStreams old = running.getAndSet(null); // 503 "starting" until the new one is there
    versions.changedAll();
    old.close();
    streamsMetrics.close();
    launch(next);
  }

  /** The KafkaStreams of the version served now. */
  public KafkaStreams streams() {
    return running.get();
  }

  /** The version served now. */
  public synchronized VersionRecord version() {
    return version;
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  public boolean isRunning() {
    KafkaStreams streams = running.get();
    return streams != null && streams.state() == KafkaStreams.State.RUNNING;
  }

  @Override
  public void close() {
    try {
      follower.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closed = true;
      http.close();
      KafkaStreams streams = running.get();
      if (streams != null) {
        streams.close();
      }
      streamsMetrics.close();
      try {
        jvmMetrics.close();
      } catch (Exception e) {
        log.warn("Cannot stop the GC metrics: {}", e.toString());
      }
      metrics.close();
    }
  }
}
