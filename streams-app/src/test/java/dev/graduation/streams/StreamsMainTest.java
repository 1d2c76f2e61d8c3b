package dev.graduation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.graduation.config.Resolved;
import dev.graduation.config.ServiceSettings;
import dev.graduation.config.Setting;
import dev.graduation.streams.health.ThreadReplacementLimit;
import dev.graduation.streams.rules.RuleConfig;
import dev.graduation.streams.rules.WindowMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * streams-app's command line, environment and file ({@link StreamsSettings}). The environment is
 * a map here: the real one is never read. Seen failing with the STREAMS prefix changed to
 * STREAM (environment), with the kafka pass-through's setter dropping its values (Kafka
 * properties), with registryProperties left out of serdeConfig (registry settings), and with
 * StreamsAppConfig.toString back to the record's own (masking).
 */
class StreamsMainTest {

  @TempDir Path dir;

  private static Resolved<StreamsAppConfig> resolve(Map<String, String> env, String... args) {
    ServiceSettings.Command<StreamsAppConfig> command = StreamsSettings.SETTINGS.parse(args, env);
    assertThat(command).isInstanceOf(ServiceSettings.Command.Run.class);
    return ((ServiceSettings.Command.Run<StreamsAppConfig>) command).resolved();
  }

  private static StreamsAppConfig parse(String... args) {
    return resolve(Map.of(), args).config();
  }

  @Test
  void optionsBecomeTheConfigAndTheRestKeepsItsDefaults() {
    StreamsAppConfig config =
        parse("--query-tokens", "a,b", "--bootstrap-servers", "kafka:9092", "--window-mode", "rolling",
            "--min-successful-calls", "30", "--kafka-property", "group.instance.id=streams-1",
            "--kafka-property", "session.timeout.ms=10000");

    assertThat(config.queryTokens()).containsExactly("a", "b");
    assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.rules().windowMode()).isEqualTo(WindowMode.ROLLING);
    assertThat(config.rules().minSuccessfulCalls()).isEqualTo(30);
    assertThat(config.rules().minSuccessfulPerEndpoint()).isEqualTo(5);
    assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
    assertThat(config.kafkaOverrides())
        .isEqualTo(Map.of("group.instance.id", "streams-1", "session.timeout.ms", "10000"));
    assertThat(config.streamsProperties().get("group.instance.id")).isEqualTo("streams-1");
  }

  @Test
  void threadReplacementsDefaultToThreeWithinTenMinutesAndCanBeSet() {
    assertThat(parse("--query-tokens", "a").threadReplacements())
        .isEqualTo(new ThreadReplacementLimit(3, Duration.ofMinutes(10)))
        .isEqualTo(StreamsAppConfig.defaults().threadReplacements());
    assertThat(parse("--query-tokens", "a", "--max-thread-replacements", "0", "--thread-replacement-window", "PT30M")
            .threadReplacements())
        .isEqualTo(new ThreadReplacementLimit(0, Duration.ofMinutes(30)));
  }

  @Test
  void aConfigFileFillsWhatTheCommandLineDoesNotSay() throws IOException {
    Path file = dir.resolve("streams.properties");
    Files.writeString(file, "bootstrap-servers=from-file:9092\nhttp-port=9999\nquery-tokens=t1\n");

    StreamsAppConfig config = parse("--config", file.toString(), "--http-port", "8095");

    assertThat(config.bootstrapServers()).isEqualTo("from-file:9092");
    assertThat(config.httpPort()).isEqualTo(8095);
    assertThat(config.queryTokens()).isEqualTo(List.of("t1"));
  }

  @Test
  void nothingButTheTokensGivenIsTheDefaultsWhoseRulesAreTheContractDefaults() {
    StreamsAppConfig config = resolve(Map.of("STREAMS_QUERY_TOKENS", "t")).config();

    assertThat(config).isEqualTo(StreamsAppConfig.defaults().toBuilder().queryTokens(List.of("t")).build());
    assertThat(config.rules()).isSameAs(RuleConfig.DEFAULTS);
    for (Setting<StreamsAppConfig> setting : StreamsSettings.SETTINGS.settings()) {
      assertThat(setting.apply(StreamsAppConfig.defaults(), setting.text(StreamsAppConfig.defaults())))
          .as("the printed default of %s", setting.key())
          .isEqualTo(StreamsAppConfig.defaults());
    }
  }

  @Test
  void everySettingIsReadFromItsStreamsEnvironmentVariableInEitherDurationSyntax() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("STREAMS_APPLICATION_ID", "app-2"),
        Map.entry("STREAMS_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
        Map.entry("STREAMS_SCHEMA_REGISTRY_URL", "http://registry:8081"),
        Map.entry("STREAMS_STATE_DIR", "/var/lib/streams"),
        Map.entry("STREAMS_HTTP_HOST", "127.0.0.1"),
        Map.entry("STREAMS_HTTP_PORT", "0"),
        Map.entry("STREAMS_ADVERTISED_HOST", "streams-1.internal"),
        Map.entry("STREAMS_QUERY_TOKENS", "q1, q2"),
        Map.entry("STREAMS_STREAM_THREADS", "4"),
        Map.entry("STREAMS_PROCESSING_GUARANTEE", "at_least_once"),
        Map.entry("STREAMS_COMMIT_INTERVAL", "PT0.25S"),
        Map.entry("STREAMS_CACHE_MAX_BYTES", "64MiB"),
        Map.entry("STREAMS_LIVE_WINDOWS_PER_STORE", "100"),
        Map.entry("STREAMS_DEDUP_HORIZON", "2h"),
        Map.entry("STREAMS_WINDOW_MODE", "ROLLING"),
        Map.entry("STREAMS_MIN_SUCCESSFUL_CALLS", "21"),
        Map.entry("STREAMS_MIN_SUCCESSFUL_PER_ENDPOINT", "6"),
        Map.entry("STREAMS_MAX_CLIENT_ERROR_RATE", "0.1"),
        Map.entry("STREAMS_MIN_DESCRIPTION_LENGTH", "41"),
        Map.entry("STREAMS_MAX_TOKEN_REQUESTS_PER_HOUR", "7"),
        Map.entry("STREAMS_TOKEN_TO_CALL_RATIO", "0.75"),
        Map.entry("STREAMS_REPLICATION_FACTOR", "3"),
        Map.entry("STREAMS_MAX_THREAD_REPLACEMENTS", "5"),
        Map.entry("STREAMS_THREAD_REPLACEMENT_WINDOW", "30m"),
        Map.entry("INGEST_PORT", "1"));

    StreamsAppConfig config = resolve(env).config();

    assertThat(config)
        .isEqualTo(StreamsAppConfig.defaults().toBuilder()
            .applicationId("app-2")
            .bootstrapServers("k1:9092,k2:9092")
            .schemaRegistryUrl("http://registry:8081")
            .stateDir(Path.of("/var/lib/streams"))
            .httpHost("127.0.0.1")
            .httpPort(0)
            .advertisedHost("streams-1.internal")
            .queryTokens(List.of("q1", "q2"))
            .streamThreads(4)
            .processingGuarantee("at_least_once")
            .commitInterval(Duration.ofMillis(250))
            .cacheMaxBytes(64L << 20)
            .liveWindowsPerStore(100)
            .dedupHorizon(Duration.ofHours(2))
            .rules(new RuleConfig(21, 6, 0.1, 41, 7, 0.75, WindowMode.ROLLING))
            .replicationFactor(3)
            .threadReplacements(new ThreadReplacementLimit(5, Duration.ofMinutes(30)))
            .build());
  }

  @Test
  void aBadValueNamesTheSettingAndItsSource() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> resolve(Map.of("STREAMS_QUERY_TOKENS", "t", "STREAMS_COMMIT_INTERVAL", "100")))
        .withMessage("environment variable STREAMS_COMMIT_INTERVAL: '100' is not a duration such as 500ms, 15s, 5m,"
            + " 2h, 30d or PT15S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("--http-port", "80"))
        .withMessage("query.tokens is required: set --query-tokens, STREAMS_QUERY_TOKENS or the config file key"
            + " query.tokens");
  }

  @Test
  void kafkaAndRegistrySettingsReachTheStreamsPropertiesAndTheSerdes() throws IOException {
    Path file = dir.resolve("streams.properties");
    Files.writeString(file, String.join("\n",
        "query.tokens=t",
        "kafka.security.protocol=SASL_SSL",
        "kafka.sasl.mechanism=PLAIN",
        "basic.auth.credentials.source=USER_INFO",
        "schema.registry.ssl.truststore.location=/etc/registry-truststore.jks"));
    Map<String, String> env = Map.of(
        "STREAMS_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"p\";",
        "STREAMS_BASIC_AUTH_USER_INFO", "user:pw");

    StreamsAppConfig config =
        resolve(env, "--config", file.toString(), "--kafka", "producer.linger.ms=20").config();

    Properties props = config.streamsProperties();
    assertThat(props)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"p\";")
        .containsEntry("producer.linger.ms", "20")
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "user:pw");
    assertThat(config.serdeConfig())
        .isEqualTo(Map.of(
            "schema.registry.url", "http://localhost:8081",
            "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "user:pw",
            "schema.registry.ssl.truststore.location", "/etc/registry-truststore.jks"));
    assertThat(config.topologySettings().serdeConfig()).isEqualTo(config.serdeConfig());
  }

  @Test
  void secretsAreMaskedInToStringTheEffectiveConfigurationAndHelp() {
    Map<String, String> env = Map.of(
        "STREAMS_QUERY_TOKENS", "query-s3cret",
        "STREAMS_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"jaas-s3cret\";",
        "STREAMS_KAFKA_SSL_TRUSTSTORE_PASSWORD", "trust-s3cret",
        "STREAMS_BASIC_AUTH_USER_INFO", "user:registry-s3cret");

    Resolved<StreamsAppConfig> resolved = resolve(env);

    assertThat(resolved.config().toString())
        .doesNotContain("s3cret")
        .contains("queryTokens=<1 configured>", "sasl.jaas.config=<masked>", "basic.auth.user.info=<masked>");
    assertThat(resolved.describe())
        .doesNotContain("s3cret")
        .contains("query.tokens=<masked> (environment variable STREAMS_QUERY_TOKENS)")
        .contains("kafka.ssl.truststore.password=<masked> (environment variable STREAMS_KAFKA_SSL_TRUSTSTORE_PASSWORD)");
    String help = ((ServiceSettings.Command.Help<StreamsAppConfig>) StreamsSettings.SETTINGS.parse(new String[] {"--help"}, env)).text();
    assertThat(help).doesNotContain("s3cret");
  }

  @Test
  void helpListsEverySettingWithItsEnvironmentVariableFileKeyAndDefault() {
    String help = ((ServiceSettings.Command.Help<StreamsAppConfig>) StreamsSettings.SETTINGS.parse(new String[] {"--help"}, Map.of())).text();

    for (Setting<StreamsAppConfig> setting : StreamsSettings.SETTINGS.settings()) {
      assertThat(help).contains(setting.option() + "=", "env " + setting.envVar("STREAMS") + ", file key " + setting.key());
    }
    assertThat(help)
        .contains("env STREAMS_BOOTSTRAP_SERVERS, file key bootstrap.servers, default: localhost:9092")
        .contains("env STREAMS_COMMIT_INTERVAL, file key commit.interval, default: 100ms")
        .contains("env STREAMS_CACHE_MAX_BYTES, file key cache.max.bytes, default: 10MiB")
        .contains("env STREAMS_DEDUP_HORIZON, file key dedup.horizon, default: 1h")
        .contains("env STREAMS_QUERY_TOKENS, file key query.tokens, default: none (required)")
        .contains("env STREAMS_MAX_CLIENT_ERROR_RATE, file key max.client.error.rate, default: 0.05")
        .contains("env STREAMS_WINDOW_MODE, file key window.mode, default: calendar")
        .contains("--kafka, --kafka-property=KEY=VALUE", "env STREAMS_KAFKA_*, file keys kafka.*")
        .contains("--registry=KEY=VALUE");
  }

  @Test
  void theReadmeTableIsTheDeclaredSettings() throws IOException {
    assertThat(Files.readString(Path.of("README.md"))).contains(StreamsSettings.SETTINGS.markdownTable());
  }
}
