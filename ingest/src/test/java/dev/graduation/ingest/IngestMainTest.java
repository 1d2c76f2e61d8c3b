package dev.graduation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.config.Resolved;
import dev.graduation.config.ServiceSettings.Command;
import dev.graduation.ingest.config.IngestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ingest's command line, environment (a map: the real one is never read) and file. The
 * pass-through test was seen failing with IngestSettings' kafka pass-through setter dropping its
 * values; the masking test with IngestConfig.toString back to the record's own; the README test
 * with a setting's description changed.
 */
class IngestMainTest {

  private static Command<IngestConfig> parse(String[] args, Map<String, String> env) {
    return IngestSettings.SETTINGS.parse(args, env);
  }

  private static Resolved<IngestConfig> run(Map<String, String> env, String... args) {
    return ((Command.Run<IngestConfig>) parse(args, env)).resolved();
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
    Command<IngestConfig> command = parse(new String[] {"--help"}, Map.of());

    assertThat(command).isInstanceOf(Command.Help.class);
    String help = ((Command.Help<IngestConfig>) command).text();
    assertThat(help)
        .contains("--config=FILE")
        .contains("env INGEST_HOST, file key host, default: 0.0.0.0")
        .contains("env INGEST_PORT, file key port, default: 8080")
        .contains("env INGEST_BOOTSTRAP_SERVERS, file key bootstrap.servers, default: localhost:9092")
        .contains("env INGEST_TOKENS, file key tokens, default: none")
        .contains("env INGEST_MAX_BODY_BYTES, file key max.body.bytes, default: 10MiB")
        .contains("env INGEST_MAX_EVENTS_PER_REQUEST, file key max.events.per.request, default: 10000")
        .contains("env INGEST_BODY_TIMEOUT, file key body.timeout, default: 30s")
        .contains("env INGEST_MAX_IN_FLIGHT_REQUESTS, file key max.in.flight.requests, default: 64")
        .contains("env INGEST_PRODUCE_TIMEOUT, file key produce.timeout, default: 15s")
        .contains("env INGEST_MAX_FUTURE_SKEW, file key max.future.skew, default: 5m")
        .contains("env INGEST_MAX_AGE, file key max.age, default: 30d")
        .contains("env INGEST_KAFKA_*, file keys kafka.*")
        .contains("env INGEST_SCHEMA_REGISTRY_*, INGEST_BASIC_AUTH_*, file keys schema.registry.*");
    // The registry URL is wrapped by the help layout; its pieces are there.
    assertThat(help).contains("env INGEST_SCHEMA_REGISTRY_URL, file key schema.registry.url, default: http://localhost:");
  }

  @Test
  void optionsEnvironmentAndFileAreLayered(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, "port=7001\nmax.age=7d\ntokens=from-file\nhost=file-host\n");

    IngestConfig config =
        run(Map.of("INGEST_PORT", "7002", "INGEST_TOKENS", "a,b", "PATH", "/usr/bin"),
            "--config", file.toString(), "--port", "7003", "--produce-timeout=2s").config();

    assertThat(config)
        .isEqualTo(
            new IngestConfig(
                "file-host", 7003, "localhost:9092", "http://localhost:8081", List.of("a", "b"),
                10_485_760L, 10_000, Duration.ofSeconds(30), 64, Duration.ofSeconds(2), Duration.ofMinutes(5),
                Duration.ofDays(7)));
  }

  @Test
  void mistakesAreReportedNotIgnored(@TempDir Path dir) {
    assertThatThrownBy(() -> parse(new String[] {"--prot", "1"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown options: '--prot', '1'");
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> parse(new String[] {"--config", missing.toString()}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read config file " + missing);
  }

  @Test
  void kafkaAndRegistrySettingsPassThroughFromFileEnvironmentAndOptions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, String.join("\n",
        "tokens=t",
        "kafka.security.protocol=SASL_SSL",
        "kafka.sasl.mechanism=PLAIN",
        "basic.auth.credentials.source=USER_INFO"));
    Map<String, String> env = Map.of(
        "INGEST_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required username=\"i\" password=\"p\";",
        "INGEST_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
        "INGEST_BASIC_AUTH_USER_INFO", "ingest:pw",
        "INGEST_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/truststore.jks");

    IngestConfig config = run(env, "--config", file.toString(),
        "--kafka", "sasl.mechanism=SCRAM-SHA-512", "--kafka", "producer.linger.ms=7").config();

    assertThat(config.kafkaProperties())
        .isEqualTo(Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "ScramLoginModule required username=\"i\" password=\"p\";",
            "producer.linger.ms", "7"));
    assertThat(config.serdeConfig())
        .isEqualTo(Map.of(
            "schema.registry.url", "http://localhost:8081",
            "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "ingest:pw",
            "schema.registry.ssl.truststore.location", "/etc/truststore.jks"));
  }

  @Test
  void theEffectiveConfigurationAndToStringMaskEverySecret() {
    Map<String, String> env = Map.of(
        "INGEST_TOKENS", "tok-s3cret",
        "INGEST_KAFKA_SASL_JAAS_CONFIG", "ScramLoginModule required password=\"jaas-s3cret\";",
        "INGEST_KAFKA_SSL_KEYSTORE_PASSWORD", "ks-s3cret",
        "INGEST_BASIC_AUTH_USER_INFO", "ingest:registry-s3cret",
        "INGEST_SCHEMA_REGISTRY_URL", "https://ingest:url-s3cret@registry:8081");

    Resolved<IngestConfig> resolved = run(env);

    assertThat(resolved.describe())
        .doesNotContain("s3cret")
        .contains("tokens=<masked> (environment variable INGEST_TOKENS)")
        .contains("kafka.sasl.jaas.config=<masked> (environment variable INGEST_KAFKA_SASL_JAAS_CONFIG)")
        .contains("schema.registry.url=https://ingest:<masked>@registry:8081 (environment variable"
            + " INGEST_SCHEMA_REGISTRY_URL)");
    assertThat(resolved.config().toString()).doesNotContain("s3cret").contains("tokens=<1 configured>");
    assertThat(((Command.Help<IngestConfig>) parse(new String[] {"--help"}, env)).text()).doesNotContain("s3cret");
  }

  @Test
  void theReadmeTableIsTheDeclaredSettings() throws Exception {
    assertThat(Files.readString(Path.of("README.md"))).contains(IngestSettings.SETTINGS.markdownTable());
  }
}
