package dev.graduation.streams;

import dev.graduation.streams.health.ThreadReplacementLimit;
import dev.graduation.streams.query.StandbyPolicy;
import dev.graduation.streams.rules.RuleConfig;
import dev.graduation.streams.rules.WindowMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Command line of streams-app. Every setting of {@link StreamsAppConfig} is an option; its value
 * comes from the command line, else the environment ({@code STREAMS_} + the option name in upper
 * snake case, e.g. {@code STREAMS_BOOTSTRAP_SERVERS}), else the properties file given with
 * {@code --config} (key = option name without dashes, e.g. {@code bootstrap-servers}), else the
 * default shown by {@code --help}.
 */
@Command(
    name = "streams-app",
    mixinStandardHelpOptions = true,
    description = "Graduation Analytics: the topology and the query API.",
    defaultValueProvider = StreamsMain.EnvironmentAndFile.class,
    showDefaultValues = true)
public final class StreamsMain implements Callable<Integer> {

  @Option(names = "--config", description = "Properties file with settings (keys = option names).")
  Path configFile;

  @Option(names = "--application-id", defaultValue = "graduation-analytics", description = "Kafka Streams application.id.")
  String applicationId;

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", defaultValue = "http://localhost:8081", description = "Schema Registry URL.")
  String schemaRegistryUrl;

  @Option(names = "--state-dir", defaultValue = "data/streams", description = "Local state directory.")
  Path stateDir;

  @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Query API bind address.")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "8090", description = "Query API port.")
  int httpPort;

  @Option(names = "--advertised-host", defaultValue = "localhost", description = "Host other instances reach this one at.")
  String advertisedHost;

  @Option(names = "--query-tokens", split = ",", required = true, description = "Bearer tokens accepted by the query API, comma-separated.")
  List<String> queryTokens;

  @Option(names = "--stream-threads", defaultValue = "2", description = "Stream threads.")
  int streamThreads;

  @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2", description = "exactly_once_v2 or at_least_once.")
  String processingGuarantee;

  @Option(names = "--commit-interval", defaultValue = "PT0.1S", description = "Commit interval (ISO-8601 duration).")
  Duration commitInterval;

  @Option(names = "--cache-max-bytes", defaultValue = "10485760", description = "Record cache size in bytes.")
  long cacheMaxBytes;

  @Option(
      names = "--live-windows-per-store",
      defaultValue = "4096",
      description = "App windows each activity store of a task keeps in memory after a commit.")
  int liveWindowsPerStore;

  @Option(names = "--dedup-horizon", defaultValue = "PT1H", description = "Dedup horizon in event time.")
  Duration dedupHorizon;

  @Option(names = "--window-mode", defaultValue = "calendar", description = "calendar (yesterday and today, UTC) or rolling (48 h).")
  String windowMode;

  @Option(names = "--min-successful-calls", defaultValue = "20", description = "total-successful-calls threshold.")
  long minSuccessfulCalls;

  @Option(names = "--min-successful-per-endpoint", defaultValue = "5", description = "successful-calls-per-endpoint threshold.")
  long minSuccessfulPerEndpoint;

  @Option(names = "--max-client-error-rate", defaultValue = "0.05", description = "client-error-rate: 4xx share must stay below this.")
  double maxClientErrorRate;

  @Option(names = "--min-description-length", defaultValue = "40", description = "app-description threshold (code points).")
  int minDescriptionLength;

  @Option(names = "--max-token-requests-per-hour", defaultValue = "5", description = "token-usage: token requests per UTC hour allowed.")
  long maxTokenRequestsPerHour;

  @Option(names = "--token-to-call-ratio", defaultValue = "0.5", description = "token-usage: token requests per API call that fails an hour.")
  double tokenToCallRatio;

  @Option(
      names = "--kafka-property",
      description = "Any Kafka Streams/consumer/producer setting, key=value, applied last (repeatable), e.g. group.instance.id=streams-1.")
  Map<String, String> kafkaOverrides = new LinkedHashMap<>();

  @Option(names = "--replication-factor", defaultValue = "-1", description = "Replication of internal topics (-1 = broker default).")
  int replicationFactor;

  @Option(
      names = "--max-thread-replacements",
      defaultValue = "" + ThreadReplacementLimit.DEFAULT_MAX_REPLACEMENTS,
      description = "Stream-thread failures within --thread-replacement-window answered with a new thread; one more shuts the client down.")
  int maxThreadReplacements;

  @Option(
      names = "--thread-replacement-window",
      defaultValue = ThreadReplacementLimit.DEFAULT_WINDOW,
      description = "How far back stream-thread failures count (ISO-8601 duration).")
  Duration threadReplacementWindow;

  @Option(
      names = "--standby-replicas",
      defaultValue = StandbyPolicy.DEFAULT_REPLICAS,
      description = "Standby copies of each partition's state on other instances (num.standby.replicas; none placed with one instance).")
  int standbyReplicas;

  @Option(
      names = "--max-standby-lag",
      defaultValue = StandbyPolicy.DEFAULT_MAX_LAG,
      description = "Changelog records a standby may be behind and still answer a query; beyond, the owner answers.")
  long maxStandbyLag;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamsMain()).execute(args));
  }

  StreamsAppConfig config() {
    return StreamsAppConfig.defaults().toBuilder()
        .applicationId(applicationId)
        .bootstrapServers(bootstrapServers)
        .schemaRegistryUrl(schemaRegistryUrl)
        .stateDir(stateDir)
        .httpHost(httpHost)
        .httpPort(httpPort)
        .advertisedHost(advertisedHost)
        .queryTokens(List.copyOf(queryTokens))
        .streamThreads(streamThreads)
        .processingGuarantee(processingGuarantee)
        .commitInterval(commitInterval)
        .cacheMaxBytes(cacheMaxBytes)
        .liveWindowsPerStore(liveWindowsPerStore)
        .dedupHorizon(dedupHorizon)
        .rules(
            new RuleConfig(
                minSuccessfulCalls,
                minSuccessfulPerEndpoint,
                maxClientErrorRate,
                minDescriptionLength,
                maxTokenRequestsPerHour,
                tokenToCallRatio,
                WindowMode.valueOf(windowMode.toUpperCase(Locale.ROOT))))
        .replicationFactor(replicationFactor)
        .kafkaOverrides(kafkaOverrides)
        .threadReplacements(new ThreadReplacementLimit(maxThreadReplacements, threadReplacementWindow))
        .standbys(new StandbyPolicy(standbyReplicas, maxStandbyLag))
        .build();
  }

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    StreamsApp app = StreamsApp.start(config(), Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "streams-app-shutdown"));
    stopped.await();
    return 0;
  }

  /** Environment, then the --config file, then the annotation's default. */
  public static final class EnvironmentAndFile implements CommandLine.IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec argSpec) throws IOException {
      if (!(argSpec instanceof OptionSpec option) || option.longestName().equals("--config")) {
        return argSpec.defaultValue();
      }
      String key = option.longestName().substring(2);
      String env = System.getenv("STREAMS_" + key.replace('-', '_').toUpperCase(Locale.ROOT));
      if (env != null) {
        return env;
      }
      String file = fileValue(option, key);
      return file != null ? file : option.defaultValue();
    }

    private static String fileValue(OptionSpec option, String key) throws IOException {
      OptionSpec config = option.command().findOption("--config");
      String path = System.getenv("STREAMS_CONFIG");
      if (config != null && config.getValue() != null) {
        path = config.getValue().toString();
      }
      if (path == null) {
        return null;
      }
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(Path.of(path))) {
        properties.load(in);
      }
      return properties.getProperty(key);
    }
  }
}
