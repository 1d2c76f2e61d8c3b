package dev.graduation.streams;

import dev.graduation.config.MaskedToString;
import dev.graduation.config.Secret;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.health.ThreadReplacementLimit;
import dev.graduation.streams.query.StandbyPolicy;
import dev.graduation.streams.rules.RuleConfig;
import dev.graduation.streams.state.BoundedMemoryRocksDbConfig;
import dev.graduation.streams.state.SharedRocksDbMemory;
import dev.graduation.streams.topology.DeadLetterDeserializationHandler;
import dev.graduation.streams.topology.DeadLetterProcessingHandler;
import dev.graduation.streams.topology.ProductionFailureHandler;
import dev.graduation.streams.topology.TopologySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything streams-app can be told. {@link #defaults()} is the one place its defaults live
 * (the command line, {@code --help} and the README table read them from there, through
 * {@link StreamsSettings}); {@link #streamsProperties()} is the one place settings become Kafka
 * Streams {@link Properties}. {@link #toString()} masks the query tokens and secret Kafka and
 * registry settings.
 *
 * @param applicationId Kafka Streams application.id: consumer group and prefix of internal
 *     topics (default {@code graduation-analytics})
 * @param bootstrapServers Kafka (default {@code localhost:9092})
 * @param schemaRegistryUrl Schema Registry (default {@code http://localhost:8081})
 * @param stateDir local state (RocksDB) directory (default {@code ./data/streams})
 * @param httpHost query API bind address (default {@code 0.0.0.0})
 * @param httpPort query API port (default 8090; 0 = ephemeral)
 * @param advertisedHost host other instances use to reach this one's query API (default
 *     {@code localhost}); with the port it is Kafka Streams' application.server
 * @param queryTokens bearer tokens accepted by the query API (several, so they can rotate)
 * @param streamThreads stream threads (default 2: one per core of the reference machine)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}; the
 *     latter only for comparisons: after a crash it replays records on top of state that may
 *     already hold part of them, so counts can come out wrong
 * @param commitInterval how often state and offsets commit (default 100 ms, Kafka's EOS default:
 *     also the longest a change waits before queries of other instances see it)
 * @param cacheMaxBytes Kafka Streams' record cache shared by all threads (default 10 MiB): for the
 *     registrations and verdicts tables (the activity stores cache live objects instead)
 * @param stateMemory off-heap memory of all RocksDB state stores of the instance together (default
 *     256 MiB, {@link #DEFAULT_STATE_MEMORY}): one block cache that all of them share, holding
 *     their index and filter blocks and charged with their memtables (half of it at most, {@link
 *     SharedRocksDbMemory})
 * @param liveWindowsPerStore app windows (an app's hour or day) each activity store of a task
 *     keeps in memory as live objects after a commit, least recently used leaving first (default
 *     4096: about 10-20 MB per task at a few dozen endpoints per app); the windows changed between
 *     two commits are always kept until the commit
 * @param dedupHorizon an eventId seen again within this much event time is dropped (default 1 h)
 * @param hourlyRetention hour buckets kept (default 8 days: 7 days of hourly data, plus a 48 h
 *     rolling window ending 5 days ago)
 * @param dailyRetention day buckets kept (default 36 days: 35 days of daily data); a day is rolled
 *     up from its hours a day after it ends, so the hourly retention must be at least 3 days
 * @param recentCallsRetention raw calls kept to answer partial hours exactly (default 8 days)
 * @param verdictInterval how often changed apps are re-evaluated for eligibility-changes
 *     (default 1 s)
 * @param verdictSweepInterval how often every app is re-evaluated, so that verdicts that change
 *     with the clock alone (a day boundary) are emitted (default 1 min)
 * @param rules rule thresholds and window mode (contract section 1 defaults)
 * @param replicationFactor of internal topics (default -1: the broker's default)
 * @param kafkaOverrides any Kafka Streams, consumer or producer setting, applied last (e.g.
 *     {@code group.instance.id} for static membership, so a crashed instance that comes back is
 *     not waited for until its session times out, or {@code security.protocol=SASL_SSL}); empty by
 *     default
 * @param registryProperties Schema Registry client settings under Confluent's names ({@code
 *     basic.auth.credentials.source}, {@code basic.auth.user.info}, {@code schema.registry.ssl.*}),
 *     given to every Avro serde; empty by default
 * @param threadReplacements how many stream-thread failures within a window are answered with a
 *     new thread before the client shuts down (default 3 within 10 min, {@link
 *     ThreadReplacementLimit})
 * @param standbys standby copies per partition and the lag within which they answer queries
 *     (default 1 copy, 100 records, {@link StandbyPolicy})
 */
public record StreamsAppConfig(
    String applicationId,
    String bootstrapServers,
    String schemaRegistryUrl,
    Path stateDir,
    String httpHost,
    int httpPort,
    String advertisedHost,
    @Secret List<String> queryTokens,
    int streamThreads,
    String processingGuarantee,
    Duration commitInterval,
    long cacheMaxBytes,
    long stateMemory,
    int liveWindowsPerStore,
    Duration dedupHorizon,
    Duration hourlyRetention,
    Duration dailyRetention,
    Duration recentCallsRetention,
    Duration verdictInterval,
    Duration verdictSweepInterval,
    RuleConfig rules,
    int replicationFactor,
    Map<String, String> kafkaOverrides,
    Map<String, String> registryProperties,
    ThreadReplacementLimit threadReplacements,
    StandbyPolicy standbys) {

  /**
   * A producer batch per changelog partition (the Kafka default is 16 KiB): large enough for one
   * commit interval of a busy partition's changes (~130 KiB per 100 ms in the benchmark), small
   * enough that the producer's 32 MiB buffer holds a batch for each of 128 partitions.
   */
  static final int CHANGELOG_BATCH_BYTES = 256 * 1024;

  /**
   * RocksDB's share of an instance's memory. Kafka Streams' per-store defaults let each store,
   * and each segment of a window store, take a 50 MiB block cache and up to 48 MiB of memtables:
   * an instance's six tasks hold several dozen RocksDB databases (standbys as many again), so the
   * worst case ran to gigabytes and grew with tasks, not with a setting. 256 MiB is about two and a
   * half of those per-store budgets for the whole instance: the stores are written once per
   * commit and changed window and read by queries and misses of the live windows, which hold the
   * hot state on the heap. With the images' {@code -XX:MaxRAMPercentage=75}, a 2 GiB container
   * leaves 512 MiB beside the heap: this, plus metaspace, thread stacks and network buffers.
   */
  public static final long DEFAULT_STATE_MEMORY = 256L * 1024 * 1024;

  static final long MIN_STATE_MEMORY = 1024 * 1024;

  public StreamsAppConfig {
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    registryProperties = Map.copyOf(registryProperties);
    if (hourlyRetention != null && hourlyRetention.compareTo(Duration.ofDays(3)) < 0) {
      // Days are rolled up from their hours a day after they end (ActivityRecorder).
      throw new IllegalArgumentException("hourlyRetention must be at least 3 days, was " + hourlyRetention);
    }
    if (stateMemory < MIN_STATE_MEMORY) {
      // Less leaves the shared cache hardly a block per store: every read would go to disk.
      throw new IllegalArgumentException("stateMemory must be at least 1MiB, was " + stateMemory);
    }
  }

  public static StreamsAppConfig defaults() {
    return new StreamsAppConfig(
        "graduation-analytics",
        "localhost:9092",
        "http://localhost:8081",
        Path.of("data", "streams"),
        "0.0.0.0",
        8090,
        "localhost",
        List.of(),
        2,
        StreamsConfig.EXACTLY_ONCE_V2,
        Duration.ofMillis(100),
        10L * 1024 * 1024,
        DEFAULT_STATE_MEMORY,
        4096,
        Duration.ofHours(1),
        Duration.ofDays(8),
        Duration.ofDays(36),
        Duration.ofDays(8),
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        RuleConfig.DEFAULTS,
        -1,
        Map.of(),
        Map.of(),
        ThreadReplacementLimit.DEFAULTS,
        StandbyPolicy.DEFAULTS);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public StreamsAppConfig withHttpPort(int port) {
    return toBuilder().httpPort(port).build();
  }

  /** What the topology needs of this configuration. */
  public TopologySettings topologySettings() {
    return new TopologySettings(
        serdeConfig(),
        dedupHorizon,
        recentCallsRetention,
        hourlyRetention,
        dailyRetention,
        liveWindowsPerStore,
        verdictInterval,
        verdictSweepInterval,
        rules);
  }

  /** Serde settings for every Avro serde of the app: the registry URL and client settings. */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new HashMap<>(registryProperties);
    serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    return Map.copyOf(serde);
  }

  /** Tokens and secret Kafka or registry settings masked: configs end up in logs. */
  @Override
  public String toString() {
    return MaskedToString.of(this);
  }

  /**
   * The settings Kafka Streams gives its admin client: the bootstrap servers, the Kafka settings
   * an admin client knows, then those prefixed {@code admin.}. For the credentials check made
   * before Kafka Streams starts (a {@code StreamsConfig} would log its warnings a second time).
   */
  public Map<String, Object> adminSettings() {
    Map<String, Object> admin = new HashMap<>();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    Set<String> known = AdminClientConfig.configNames();
    kafkaOverrides.forEach((key, value) -> {
      if (known.contains(key)) {
        admin.put(key, value);
      }
    });
    kafkaOverrides.forEach((key, value) -> {
      if (key.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)) {
        admin.put(key.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()), value);
      }
    });
    return admin;
  }

  public Properties streamsProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
    // One bounded pool for all RocksDB stores; a new one for each call, since each KafkaStreams
    // takes its own properties: several instances in one JVM (tests, the local stack) each get
    // their own, freed when their stores close.
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDbConfig.class);
    props.put(SharedRocksDbMemory.CONFIG, new SharedRocksDbMemory(stateMemory));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys.replicas());
    // Under exactly-once, a store that holds no committed changelog offset while its task has
    // other data (the dedup store stays empty until a call older than the raw-call window comes;
    // a window store whose segments all expired) made Kafka Streams call the whole task corrupt
    // and wipe it on every restart and task move, standbys included: a restarted or scaled-out
    // instance rebuilt everything from the changelogs and could keep bouncing a task. Transactional
    // stores (KIP-892) keep uncommitted writes out of RocksDB, so nothing is wiped.
    props.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
    // Calls and registrations need not be interleaved by timestamp (a verdict looks registrations
    // up when it is evaluated), so a task never waits for the other topic: this also skips
    // Kafka Streams' per-record idling check, ~9 % of the stream threads' CPU in the benchmark.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // Records that cannot be read, or hold impossible values, go to the DLQ with the reason in
    // headers and the app keeps going; any other failure fails the task (the handlers say why).
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.API_CALLS_DLQ.name());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailureHandler.class);
    // A fresh app (or a replay) starts from the oldest retained event, not from now.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Under exactly-once, changelog and output records become visible at the commit, not before,
    // so waiting for the commit costs no latency: one batch per partition and commit (the commit
    // flushes them) instead of a 16 KiB batch every 5 ms took a fifth off the CPU per event, in the
    // broker and producer threads mostly (BENCHMARKS.md section 1, session 5).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), commitInterval.toMillis());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), CHANGELOG_BATCH_BYTES);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.putAll(serdeConfig());
    props.putAll(kafkaOverrides);
    return props;
  }

  /**
   * Settings for the plain Kafka clients beside Kafka Streams (the control topic, the replay's
   * admin client): bootstrap servers and the pass-through settings not aimed at one of Kafka
   * Streams' clients (security, mostly).
   */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    kafkaOverrides.forEach((key, value) -> {
      if (STREAMS_CLIENT_PREFIXES.stream().noneMatch(key::startsWith)) {
        props.put(key, value);
      }
    });
    return props;
  }

  private static final List<String> STREAMS_CLIENT_PREFIXES =
      List.of(
          StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.TOPIC_PREFIX);

  /** Changes some settings of a config, keeping the others. */
  public static final class Builder {

    private String applicationId;
    private String bootstrapServers;
    private String schemaRegistryUrl;
    private Path stateDir;
    private String httpHost;
    private int httpPort;
    private String advertisedHost;
    private List<String> queryTokens;
    private int streamThreads;
    private String processingGuarantee;
    private Duration commitInterval;
    private long cacheMaxBytes;
    private long stateMemory;
    private int liveWindowsPerStore;
    private Duration dedupHorizon;
    private Duration hourlyRetention;
    private Duration dailyRetention;
    private Duration recentCallsRetention;
    private Duration verdictInterval;
    private Duration verdictSweepInterval;
    private RuleConfig rules;
    private int replicationFactor;
    private Map<String, String> kafkaOverrides;
    private Map<String, String> registryProperties;
    private ThreadReplacementLimit threadReplacements;
    private StandbyPolicy standbys;

    private Builder(StreamsAppConfig from) {
      this.applicationId = from.applicationId;
      this.bootstrapServers = from.bootstrapServers;
      this.schemaRegistryUrl = from.schemaRegistryUrl;
      this.stateDir = from.stateDir;
      this.httpHost = from.httpHost;
      this.httpPort = from.httpPort;
      this.advertisedHost = from.advertisedHost;
      this.queryTokens = from.queryTokens;
      this.streamThreads = from.streamThreads;
      this.processingGuarantee = from.processingGuarantee;
      this.commitInterval = from.commitInterval;
      this.cacheMaxBytes = from.cacheMaxBytes;
      this.stateMemory = from.stateMemory;
      this.liveWindowsPerStore = from.liveWindowsPerStore;
      this.dedupHorizon = from.dedupHorizon;
      this.hourlyRetention = from.hourlyRetention;
      this.dailyRetention = from.dailyRetention;
      this.recentCallsRetention = from.recentCallsRetention;
      this.verdictInterval = from.verdictInterval;
      this.verdictSweepInterval = from.verdictSweepInterval;
      this.rules = from.rules;
      this.replicationFactor = from.replicationFactor;
      this.kafkaOverrides = from.kafkaOverrides;
      this.registryProperties = from.registryProperties;
      this.threadReplacements = from.threadReplacements;
      this.standbys = from.standbys;
    }

    public Builder applicationId(String applicationId) {
      this.applicationId = applicationId;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder schemaRegistryUrl(String schemaRegistryUrl) {
      this.schemaRegistryUrl = schemaRegistryUrl;
      return this;
    }

    public Builder stateDir(Path stateDir) {
      this.stateDir = stateDir;
      return this;
    }

    public Builder httpHost(String httpHost) {
      this.httpHost = httpHost;
      return this;
    }

    public Builder httpPort(int httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    public Builder advertisedHost(String advertisedHost) {
      this.advertisedHost = advertisedHost;
      return this;
    }

    public Builder queryTokens(List<String> queryTokens) {
      this.queryTokens = queryTokens;
      return this;
    }

    public Builder streamThreads(int streamThreads) {
      this.streamThreads = streamThreads;
      return this;
    }

    public Builder processingGuarantee(String processingGuarantee) {
      this.processingGuarantee = processingGuarantee;
      return this;
    }

    public Builder commitInterval(Duration commitInterval) {
      this.commitInterval = commitInterval;
      return this;
    }

    public Builder cacheMaxBytes(long cacheMaxBytes) {
      this.cacheMaxBytes = cacheMaxBytes;
      return this;
    }

    public Builder stateMemory(long stateMemory) {
      this.stateMemory = stateMemory;
      return this;
    }

    public Builder liveWindowsPerStore(int liveWindowsPerStore) {
      this.liveWindowsPerStore = liveWindowsPerStore;
      return this;
    }

    public Builder dedupHorizon(Duration dedupHorizon) {
      this.dedupHorizon = dedupHorizon;
      return this;
    }

    public Builder hourlyRetention(Duration hourlyRetention) {
      this.hourlyRetention = hourlyRetention;
      return this;
    }

    public Builder dailyRetention(Duration dailyRetention) {
      this.dailyRetention = dailyRetention;
      return this;
    }

    public Builder recentCallsRetention(Duration recentCallsRetention) {
      this.recentCallsRetention = recentCallsRetention;
      return this;
    }

    public Builder verdictInterval(Duration verdictInterval) {
      this.verdictInterval = verdictInterval;
      return this;
    }

    public Builder verdictSweepInterval(Duration verdictSweepInterval) {
      this.verdictSweepInterval = verdictSweepInterval;
      return this;
    }

    public Builder rules(RuleConfig rules) {
      this.rules = rules;
      return this;
    }

    public Builder replicationFactor(int replicationFactor) {
      this.replicationFactor = replicationFactor;
      return this;
    }

    public Builder kafkaOverrides(Map<String, String> kafkaOverrides) {
      this.kafkaOverrides = Map.copyOf(kafkaOverrides);
      return this;
    }

    public Builder registryProperties(Map<String, String> registryProperties) {
      this.registryProperties = Map.copyOf(registryProperties);
      return this;
    }

    public Builder threadReplacements(ThreadReplacementLimit threadReplacements) {
      this.threadReplacements = threadReplacements;
      return this;
    }

    public Builder standbys(StandbyPolicy standbys) {
      this.standbys = standbys;
      return this;
    }

    public StreamsAppConfig build() {
      return new StreamsAppConfig(
          applicationId,
          bootstrapServers,
          schemaRegistryUrl,
          stateDir,
          httpHost,
          httpPort,
          advertisedHost,
          queryTokens,
          streamThreads,
          processingGuarantee,
          commitInterval,
          cacheMaxBytes,
          stateMemory,
          liveWindowsPerStore,
          dedupHorizon,
          hourlyRetention,
          dailyRetention,
          recentCallsRetention,
          verdictInterval,
          verdictSweepInterval,
          rules,
          replicationFactor,
          kafkaOverrides,
          registryProperties,
          threadReplacements,
          standbys);
    }
  }
}
