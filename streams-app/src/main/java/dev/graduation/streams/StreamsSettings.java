package dev.graduation.streams;

import dev.graduation.config.PassThrough;
import dev.graduation.config.ServiceSettings;
import dev.graduation.config.Setting;
import dev.graduation.config.ValueType;
import dev.graduation.streams.health.ThreadReplacementLimit;
import dev.graduation.streams.query.StandbyPolicy;
import dev.graduation.streams.rules.RuleConfig;
import dev.graduation.streams.rules.WindowMode;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every setting of streams-app that its command line, environment ({@code STREAMS_*}) and
 * {@code --config} file can give, declared once over {@link StreamsAppConfig}. Defaults come from
 * {@link StreamsAppConfig#defaults()} (the rules' from {@link RuleConfig#DEFAULTS}), so they are
 * written nowhere else.
 */
public final class StreamsSettings {

  private StreamsSettings() {}

  public static final ServiceSettings<StreamsAppConfig> SETTINGS =
      new ServiceSettings<>(
          "streams-app",
          "STREAMS",
          "Graduation Analytics: the topology and the query API.",
          StreamsAppConfig.defaults(),
          List.of(
              setting("application.id", ValueType.TEXT,
                  "Kafka Streams application.id: consumer group and prefix of internal topics",
                  StreamsAppConfig::applicationId, StreamsAppConfig.Builder::applicationId),
              setting("bootstrap.servers", ValueType.TEXT.labelled("HOST:PORT[,...]"), "Kafka bootstrap servers",
                  StreamsAppConfig::bootstrapServers, StreamsAppConfig.Builder::bootstrapServers),
              setting("schema.registry.url", ValueType.TEXT.labelled("URL"), "Schema Registry base URL",
                  StreamsAppConfig::schemaRegistryUrl, StreamsAppConfig.Builder::schemaRegistryUrl),
              setting("state.dir", ValueType.PATH.labelled("DIR"), "local state (RocksDB) directory",
                  StreamsAppConfig::stateDir, StreamsAppConfig.Builder::stateDir),
              setting("http.host", ValueType.TEXT, "query API bind address",
                  StreamsAppConfig::httpHost, StreamsAppConfig.Builder::httpHost),
              setting("http.port", ValueType.INT, "query API port; 0 picks a free one",
                  StreamsAppConfig::httpPort, StreamsAppConfig.Builder::httpPort),
              setting("advertised.host", ValueType.TEXT.labelled("HOST"), "host other instances reach this one's query API at",
                  StreamsAppConfig::advertisedHost, StreamsAppConfig.Builder::advertisedHost),
              setting("query.tokens", ValueType.LIST.labelled("TOKEN[,...]"),
                  "bearer tokens accepted by the query API, comma-separated (several, to rotate)."
                      + " Prefer the environment or the file: command lines are visible to other users",
                  StreamsAppConfig::queryTokens, StreamsAppConfig.Builder::queryTokens)
                  .secret()
                  .required(),
              setting("stream.threads", ValueType.INT, "stream threads",
                  StreamsAppConfig::streamThreads, StreamsAppConfig.Builder::streamThreads),
              setting("processing.guarantee", ValueType.TEXT.labelled("exactly_once_v2|at_least_once"),
                  "exactly_once_v2; at_least_once only for comparisons (counts can come out wrong after a crash)",
                  StreamsAppConfig::processingGuarantee, StreamsAppConfig.Builder::processingGuarantee),
              setting("commit.interval", ValueType.DURATION,
                  "how often state and offsets commit (also how stale a query of another instance can be)",
                  StreamsAppConfig::commitInterval, StreamsAppConfig.Builder::commitInterval),
              setting("cache.max.bytes", ValueType.SIZE, "record cache of the registrations and verdicts tables",
                  StreamsAppConfig::cacheMaxBytes, StreamsAppConfig.Builder::cacheMaxBytes),
              setting("state.memory", ValueType.SIZE,
                  "off-heap memory of all RocksDB state stores together: one shared block cache, memtables charged to it",
                  StreamsAppConfig::stateMemory, StreamsAppConfig.Builder::stateMemory),
              setting("live.windows.per.store", ValueType.INT,
                  "app windows each activity store of a task keeps in memory after a commit",
                  StreamsAppConfig::liveWindowsPerStore, StreamsAppConfig.Builder::liveWindowsPerStore),
              setting("dedup.horizon", ValueType.DURATION, "an eventId seen again within this much event time is dropped",
                  StreamsAppConfig::dedupHorizon, StreamsAppConfig.Builder::dedupHorizon),
              rule("window.mode", ValueType.oneOf(WindowMode.class), "calendar (yesterday and today, UTC) or rolling (48 h)",
                  RuleConfig::windowMode, RuleConfig::withWindowMode),
              rule("min.successful.calls", ValueType.LONG, "total-successful-calls: successful calls needed",
                  RuleConfig::minSuccessfulCalls, RuleConfig::withMinSuccessfulCalls),
              rule("min.successful.per.endpoint", ValueType.LONG, "successful-calls-per-endpoint: per endpoint called",
                  RuleConfig::minSuccessfulPerEndpoint, RuleConfig::withMinSuccessfulPerEndpoint),
              rule("max.client.error.rate", ValueType.DECIMAL, "client-error-rate: the 4xx share must stay below this",
                  RuleConfig::maxClientErrorRate, RuleConfig::withMaxClientErrorRate),
              rule("min.description.length", ValueType.INT, "app-description: code points needed",
                  RuleConfig::minDescriptionLength, RuleConfig::withMinDescriptionLength),
              rule("max.token.requests.per.hour", ValueType.LONG, "token-usage: token requests per UTC hour allowed",
                  RuleConfig::maxTokenRequestsPerHour, RuleConfig::withMaxTokenRequestsPerHour),
              rule("token.to.call.ratio", ValueType.DECIMAL, "token-usage: token requests per API call that fails an hour",
                  RuleConfig::tokenToCallRatio, RuleConfig::withTokenToCallRatio),
              setting("replication.factor", ValueType.INT, "replication of internal topics (-1: the broker's default)",
                  StreamsAppConfig::replicationFactor, StreamsAppConfig.Builder::replicationFactor),
              Setting.of("max.thread.replacements", ValueType.INT,
                  "stream-thread failures within --thread-replacement-window answered with a new thread;"
                      + " one more shuts the client down",
                  config -> config.threadReplacements().maxReplacements(),
                  (config, value) -> config.toBuilder()
                      .threadReplacements(new ThreadReplacementLimit(value, config.threadReplacements().window()))
                      .build()),
              Setting.of("thread.replacement.window", ValueType.DURATION, "how far back stream-thread failures count",
                  config -> config.threadReplacements().window(),
                  (config, value) -> config.toBuilder()
                      .threadReplacements(new ThreadReplacementLimit(config.threadReplacements().maxReplacements(), value))
                      .build()),
              Setting.of("standby.replicas", ValueType.INT,
                  "standby copies of each partition's state on other instances (num.standby.replicas;"
                      + " none is placed with one instance)",
                  config -> config.standbys().replicas(),
                  (config, value) -> config.toBuilder()
                      .standbys(new StandbyPolicy(value, config.standbys().maxLag()))
                      .build()),
              Setting.of("max.standby.lag", ValueType.LONG,
                  "n >= 0: a standby at most n changelog records behind answers for an owner that does not;"
                      + " -1: standbys never answer queries (a dead owner's apps are 503 until the rebalance)",
                  config -> config.standbys().maxLag(),
                  (config, value) -> config.toBuilder()
                      .standbys(new StandbyPolicy(config.standbys().replicas(), value))
                      .build())),
          List.of(
              PassThrough.<StreamsAppConfig>kafka(
                      StreamsAppConfig::kafkaOverrides, (c, v) -> c.toBuilder().kafkaOverrides(v).build())
                  .withDeprecatedOption("--kafka-property"),
              PassThrough.<StreamsAppConfig>registry(
                  StreamsAppConfig::registryProperties, (c, v) -> c.toBuilder().registryProperties(v).build())));

  private static <T> Setting<StreamsAppConfig> setting(
      String key, ValueType<T> type, String description, Function<StreamsAppConfig, T> get,
      BiFunction<StreamsAppConfig.Builder, T, StreamsAppConfig.Builder> set) {
    return Setting.of(key, type, description, get, (config, value) -> set.apply(config.toBuilder(), value).build());
  }

  private static <T> Setting<StreamsAppConfig> rule(
      String key, ValueType<T> type, String description, Function<RuleConfig, T> get,
      BiFunction<RuleConfig, T, RuleConfig> set) {
    return Setting.of(
        key, type, description, config -> get.apply(config.rules()),
        (config, value) -> config.toBuilder().rules(set.apply(config.rules(), value)).build());
  }
}
