package dev.graduation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
 * The resolver, on a small declared config ({@link DemoConfig}). The environment is always a map:
 * the real one is never read or changed. Seen failing with the file consulted before the
 * environment (precedence), with the env-var prefix dropped from Setting.envName (env lookups),
 * with PassThrough.fromEnvVar keeping underscores (pass-through), and with Setting.shown and
 * Secrets.shown returning the value itself (masking).
 */
class ServiceSettingsTest {

  private static final ServiceSettings<DemoConfig> SETTINGS = DemoConfig.SETTINGS;

  @TempDir Path dir;

  private static Properties file(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  private static DemoConfig resolve(Map<String, String> options, Map<String, String> env, Properties file) {
    return SETTINGS.resolve(options, env, file).config();
  }

  private DemoConfig run(Map<String, String> env, String... args) {
    return runResolved(env, args).config();
  }

  private Resolved<DemoConfig> runResolved(Map<String, String> env, String... args) {
    ServiceSettings.Command<DemoConfig> command = SETTINGS.parse(args, env);
    assertThat(command).isInstanceOf(ServiceSettings.Command.Run.class);
    return ((ServiceSettings.Command.Run<DemoConfig>) command).resolved();
  }

  @Test
  void optionBeatsEnvironmentBeatsFileBeatsDefaultForEveryType() {
    Properties file = file(
        "port", "1001", "host", "file-host", "commit.timeout", "PT2S", "max.bytes", "1KiB", "tokens", "f",
        "window.mode", "rolling");
    Map<String, String> env = Map.of(
        "DEMO_PORT", "1002", "DEMO_HOST", "env-host", "DEMO_COMMIT_TIMEOUT", "3s", "DEMO_TOKENS", "e1,e2");
    Map<String, String> options = Map.of("port", "1003", "commit.timeout", "4m");

    DemoConfig config = resolve(options, env, file);

    assertThat(config.port()).isEqualTo(1003);
    assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(4));
    assertThat(config.host()).isEqualTo("env-host");
    assertThat(config.tokens()).containsExactly("e1", "e2");
    assertThat(config.maxBytes()).isEqualTo(1024);
    assertThat(config.mode()).isEqualTo(DemoConfig.Mode.ROLLING);
    assertThat(resolve(Map.of(), Map.of("DEMO_TOKENS", "t"), new Properties()))
        .as("nothing else given: the defaults")
        .isEqualTo(new DemoConfig("0.0.0.0", 8080, Duration.ofMillis(100), 10L << 20, List.of("t"),
            DemoConfig.Mode.CALENDAR, Map.of(), Map.of()));
  }

  @Test
  void everySettingIsReadFromItsEnvironmentVariable() {
    Map<String, String> env = Map.of(
        "DEMO_HOST", "127.0.0.1", "DEMO_PORT", "0", "DEMO_COMMIT_TIMEOUT", "PT0.25S", "DEMO_MAX_BYTES", "2MB",
        "DEMO_TOKENS", " a , b ,,", "DEMO_WINDOW_MODE", "ROLLING", "PATH", "/usr/bin", "HOST", "not-ours");

    assertThat(run(env))
        .isEqualTo(new DemoConfig("127.0.0.1", 0, Duration.ofMillis(250), 2_000_000, List.of("a", "b"),
            DemoConfig.Mode.ROLLING, Map.of(), Map.of()));
  }

  @Test
  void everyDefaultAsPrintedReadsBackAsTheDefault() {
    for (Setting<DemoConfig> setting : SETTINGS.settings()) {
      assertThat(setting.apply(DemoConfig.DEFAULTS, setting.text(DemoConfig.DEFAULTS)))
          .as("the printed default of %s", setting.key())
          .isEqualTo(DemoConfig.DEFAULTS);
    }
  }

  @Test
  void aBadValueNamesTheSettingAndItsSource() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> resolve(Map.of(), Map.of("DEMO_MAX_BYTES", "ten megs"), new Properties()))
        .withMessage("environment variable DEMO_MAX_BYTES: 'ten megs' is not a size such as 1048576, 512KiB or 10MiB");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> resolve(Map.of(), Map.of(), file("commit.timeout", "15")))
        .withMessage("config file key commit.timeout: '15' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of(), "--port", "http", "--tokens", "t"))
        .withMessage("option --port: 'http' is not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of("DEMO_TOKENS", "t"), "--window-mode", "weekly"))
        .withMessage("option --window-mode: 'weekly' is not one of calendar, rolling");
  }

  @Test
  void aMissingRequiredSettingSaysWhereToGiveIt() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of()))
        .withMessage("tokens is required: set --tokens, DEMO_TOKENS or the config file key tokens");
  }

  @Test
  void theFileComesFromConfigOrItsEnvironmentVariableAndUnknownKeysAreRefused() throws IOException {
    Path file = dir.resolve("demo.properties");
    Files.writeString(file, "port=7001\ntokens=t\n");
    assertThat(run(Map.of(), "--config", file.toString()).port()).isEqualTo(7001);
    assertThat(run(Map.of("DEMO_CONFIG", file.toString())).port()).isEqualTo(7001);

    Files.writeString(file, "prot=7001\ntokens=t\n");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of(), "--config", file.toString()))
        .withMessage("config file key prot: unknown setting (demo --help lists the keys)");
    Path missing = dir.resolve("missing.properties");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of(), "--config", missing.toString()))
        .withMessageStartingWith("cannot read config file " + missing);
  }

  @Test
  void dashedFileKeysAndTheOldOptionStillWorkWithAWarning() throws IOException {
    Path file = dir.resolve("old.properties");
    Files.writeString(file, "commit-timeout=PT0.5S\ntokens=t\n");

    Resolved<DemoConfig> resolved =
        runResolved(Map.of(), "--config", file.toString(), "--kafka-property", "linger.ms=5");

    assertThat(resolved.config().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(resolved.config().kafka()).isEqualTo(Map.of("linger.ms", "5"));
    assertThat(resolved.warnings())
        .containsExactly(
            "option --kafka-property is deprecated: use --kafka",
            "config file key commit-timeout is deprecated: use commit.timeout");
  }

  @Test
  void kafkaAndRegistrySettingsPassThroughFromEverySource() throws IOException {
    Path file = dir.resolve("demo.properties");
    Files.writeString(file, String.join("\n",
        "tokens=t",
        "kafka.security.protocol=SASL_SSL",
        "kafka.sasl.mechanism=PLAIN",
        "kafka.producer.linger.ms=20",
        "basic.auth.credentials.source=USER_INFO",
        "schema.registry.ssl.truststore.location=/file/truststore.jks"));
    Map<String, String> env = Map.of(
        "DEMO_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
        "DEMO_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "DEMO_BASIC_AUTH_USER_INFO", "user:pw",
        "DEMO_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", "trust-pw");

    DemoConfig config = run(env, "--config", file.toString(),
        "--kafka", "sasl.mechanism=OAUTHBEARER", "--kafka=client.id=a=b",
        "--registry", "schema.registry.ssl.truststore.location=/cli/truststore.jks");

    assertThat(config.kafka())
        .isEqualTo(Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "OAUTHBEARER",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
            "producer.linger.ms", "20",
            "client.id", "a=b"));
    assertThat(config.registry())
        .isEqualTo(Map.of(
            "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "user:pw",
            "schema.registry.ssl.truststore.location", "/cli/truststore.jks",
            "schema.registry.ssl.truststore.password", "trust-pw"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> run(Map.of("DEMO_TOKENS", "t"), "--registry", "ssl.truststore.location=/x"))
        .withMessage("option --registry: 'ssl.truststore.location' is not one of schema.registry.*, basic.auth.*");
  }

  @Test
  void secretsNeverAppearInTheEffectiveConfigurationHelpOrToString() {
    Map<String, String> env = Map.of(
        "DEMO_TOKENS", "tok-s3cret,tok2-s3cret",
        "DEMO_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"jaas-s3cret\";",
        "DEMO_KAFKA_SSL_KEY_PASSWORD", "key-s3cret",
        "DEMO_KAFKA_SSL_KEYSTORE_KEY", "pem-s3cret",
        "DEMO_BASIC_AUTH_USER_INFO", "user:info-s3cret",
        "DEMO_KAFKA_SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET", "oauth-s3cret",
        "DEMO_HOST", "http://user:url-s3cret@host");

    Resolved<DemoConfig> resolved = runResolved(env);

    assertThat(resolved.describe()).doesNotContain("s3cret")
        .contains("tokens=<masked> (environment variable DEMO_TOKENS)")
        .contains("kafka.sasl.jaas.config=<masked> (environment variable DEMO_KAFKA_SASL_JAAS_CONFIG)")
        .contains("kafka.ssl.key.password=<masked>")
        .contains("kafka.ssl.keystore.key=<masked>")
        .contains("basic.auth.user.info=<masked>")
        .contains("host=http://user:<masked>@host")
        .contains("port=8080 (default)");
    assertThat(resolved.config().toString()).doesNotContain("s3cret")
        .contains("tokens=<2 configured>")
        .contains("sasl.jaas.config=<masked>");
    ServiceSettings.Command<DemoConfig> help = SETTINGS.parse(new String[] {"--help"}, env);
    assertThat(((ServiceSettings.Command.Help<DemoConfig>) help).text()).doesNotContain("s3cret");
  }

  @Test
  void helpListsEverySettingWithItsEnvironmentVariableFileKeyAndDefault() {
    ServiceSettings.Command<DemoConfig> command = SETTINGS.parse(new String[] {"-h"}, Map.of());

    String help = ((ServiceSettings.Command.Help<DemoConfig>) command).text();
    assertThat(help)
        .contains("--config=FILE")
        .contains("--host=TEXT", "env DEMO_HOST, file key host, default: 0.0.0.0")
        .contains("--port=N", "env DEMO_PORT, file key port, default: 8080")
        .contains("--commit-timeout=DURATION", "env DEMO_COMMIT_TIMEOUT, file key commit.timeout, default: 100ms")
        .contains("--max-bytes=SIZE", "env DEMO_MAX_BYTES, file key max.bytes, default: 10MiB")
        .contains("--tokens=A[,B...]", "env DEMO_TOKENS, file key tokens, default: none (required)")
        .contains("--window-mode=calendar|rolling", "env DEMO_WINDOW_MODE, file key window.mode, default: calendar")
        .contains("--kafka, --kafka-property=KEY=VALUE", "env DEMO_KAFKA_*, file keys kafka.*")
        .contains("--registry=KEY=VALUE", "env DEMO_SCHEMA_REGISTRY_*, DEMO_BASIC_AUTH_*, file keys schema.registry.*, basic.auth.*")
        .contains("Durations: 500ms, 15s, 2m, 1h, 7d or ISO-8601 (PT15S)");
  }

  @Test
  void theReadmeTableHasARowPerSettingAndPassThrough() {
    assertThat(SETTINGS.markdownTable())
        .isEqualTo(String.join("\n",
            "| option | environment | file key | default | meaning |",
            "|---|---|---|---|---|",
            "| `--host` | `DEMO_HOST` | `host` | `0.0.0.0` | interface to bind |",
            "| `--port` | `DEMO_PORT` | `port` | `8080` | HTTP port |",
            "| `--commit-timeout` | `DEMO_COMMIT_TIMEOUT` | `commit.timeout` | `100ms` | how long a commit may take |",
            "| `--max-bytes` | `DEMO_MAX_BYTES` | `max.bytes` | `10MiB` | largest body |",
            "| `--tokens` | `DEMO_TOKENS` | `tokens` | none (required) | bearer tokens |",
            "| `--window-mode` | `DEMO_WINDOW_MODE` | `window.mode` | `calendar` | evaluation window |",
            "| `--log-format` | `DEMO_LOG_FORMAT` | `log.format` | `plain` | log format, one line per event: plain (time,"
                + " level, thread, logger, message) or json (one object per line) |",
            "| `--kafka KEY=VALUE` | `DEMO_KAFKA_*` | `kafka.*` | none | any Kafka client setting, applied last (repeatable) |",
            "| `--registry KEY=VALUE` | `DEMO_SCHEMA_REGISTRY_*`, `DEMO_BASIC_AUTH_*` | `schema.registry.*`, `basic.auth.*`"
                + " | none | a Schema Registry client setting under Confluent's name: basic.auth.*, schema.registry.*"
                + " (repeatable) |",
            ""));
  }

  /**
   * The setting every service has besides its own. Seen failing with the environment variable not
   * read (plain from the default) and with a bad value taken as plain.
   */
  @Test
  void logFormatIsOneMoreSettingWithTheSameSources() {
    Resolved<DemoConfig> fromEnv =
        ((ServiceSettings.Command.Run<DemoConfig>) SETTINGS.parse(new String[] {"--tokens", "t"}, Map.of("DEMO_LOG_FORMAT", "JSON")))
            .resolved();
    assertThat(fromEnv.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(fromEnv.effective()).contains("log.format=json (environment variable DEMO_LOG_FORMAT)");
    Resolved<DemoConfig> fromOption =
        ((ServiceSettings.Command.Run<DemoConfig>) SETTINGS.parse(
            new String[] {"--tokens", "t", "--log-format", "plain"}, Map.of("DEMO_LOG_FORMAT", "json"))).resolved();
    assertThat(fromOption.logFormat()).isEqualTo(LogFormat.PLAIN);

    assertThatThrownBy(() -> SETTINGS.parse(new String[] {"--tokens", "t"}, Map.of("DEMO_LOG_FORMAT", "xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment variable DEMO_LOG_FORMAT: 'xml' is not a log format: plain or json");
  }
}
