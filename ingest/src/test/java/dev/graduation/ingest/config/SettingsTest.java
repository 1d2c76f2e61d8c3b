package dev.graduation.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.config.Setting;
import dev.graduation.ingest.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * ingest's settings ({@link IngestSettings}) on the shared resolver of module config. The size and
 * duration syntax tests moved with the parsers to config's ValueTypeTest.
 */
class SettingsTest {

  private static IngestConfig resolve(Map<String, String> options, Map<String, String> env, Properties file) {
    return IngestSettings.SETTINGS.resolve(options, env, file).config();
  }

  private static Setting<IngestConfig> setting(String key) {
    return IngestSettings.SETTINGS.settings().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
  }

  private static Properties file(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void withNothingGivenTheDefaultsApply() {
    assertThat(resolve(Map.of(), Map.of(), new Properties())).isEqualTo(IngestConfig.defaults());
  }

  @Test
  void theDocumentedDefaultsAreTheseValues() {
    IngestConfig defaults = IngestConfig.defaults();

    assertThat(defaults)
        .isEqualTo(
            new IngestConfig(
                "0.0.0.0", 8080, "localhost:9092", "http://localhost:8081", List.of(), 10_485_760L, 10_000,
                Duration.ofSeconds(30), 64,
                Duration.ofSeconds(15), Duration.ofMinutes(5), Duration.ofDays(30)));
    for (Setting<IngestConfig> setting : IngestSettings.SETTINGS.settings()) {
      if (!setting.key().equals("tokens")) {
        assertThat(resolve(Map.of(setting.key(), setting.text(defaults)), Map.of(), new Properties()))
            .as("the documented default of %s", setting)
            .isEqualTo(defaults);
      }
    }
  }

  @Test
  void optionsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults() {
    Properties file = file("port", "1001", "host", "file-host", "bootstrap.servers", "file:9092");
    Map<String, String> env = Map.of("INGEST_PORT", "1002", "INGEST_HOST", "env-host");
    Map<String, String> cli = Map.of("port", "1003");

    IngestConfig config = resolve(cli, env, file);

    assertThat(config.port()).isEqualTo(1003);
    assertThat(config.host()).isEqualTo("env-host");
    assertThat(config.bootstrapServers()).isEqualTo("file:9092");
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
  }

  @Test
  void everySettingCanBeSetFromTheEnvironment() {
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("INGEST_HOST", "127.0.0.1"),
            Map.entry("INGEST_PORT", "0"),
            Map.entry("INGEST_BOOTSTRAP_SERVERS", "k1:9092,k2:9092"),
            Map.entry("INGEST_SCHEMA_REGISTRY_URL", "http://registry:8081"),
            Map.entry("INGEST_TOKENS", " current , next ,,"),
            Map.entry("INGEST_MAX_BODY_BYTES", "512KiB"),
            Map.entry("INGEST_MAX_EVENTS_PER_REQUEST", "500"),
            Map.entry("INGEST_BODY_TIMEOUT", "3s"),
            Map.entry("INGEST_MAX_IN_FLIGHT_REQUESTS", "8"),
            Map.entry("INGEST_PRODUCE_TIMEOUT", "500ms"),
            Map.entry("INGEST_MAX_FUTURE_SKEW", "PT90S"),
            Map.entry("INGEST_MAX_AGE", "2h"));

    assertThat(resolve(Map.of(), env, new Properties()))
        .isEqualTo(
            new IngestConfig(
                "127.0.0.1", 0, "k1:9092,k2:9092", "http://registry:8081", List.of("current", "next"),
                524_288L, 500, Duration.ofSeconds(3), 8, Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofHours(2)));
  }

  @Test
  void aBadValueIsReportedWithTheSettingAndItsSource() {
    assertThatThrownBy(() -> resolve(Map.of(), Map.of("INGEST_MAX_BODY_BYTES", "ten megs"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable INGEST_MAX_BODY_BYTES: 'ten megs' is not a size such as 1048576, 512KiB or 10MiB");
    assertThatThrownBy(() -> resolve(Map.of(), Map.of(), file("produce.timeout", "15")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "config file key produce.timeout: '15' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    assertThatThrownBy(() -> resolve(Map.of("port", "70000"), Map.of(), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --port: port must be 0-65535, got 70000");
    assertThatThrownBy(() -> resolve(Map.of("max.body.bytes", "99999999999GiB"), Map.of(), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --max-body-bytes: '99999999999GiB' is too large");
  }

  @Test
  void namesFollowOneScheme() {
    assertThat(setting("max.in.flight.requests").envVar("INGEST")).isEqualTo("INGEST_MAX_IN_FLIGHT_REQUESTS");
    assertThat(setting("max.in.flight.requests").option()).isEqualTo("--max-in-flight-requests");
  }
}
