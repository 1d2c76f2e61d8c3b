package dev.graduation.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.ingest.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Properties file(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void withNothingGivenTheDefaultsApply() {
    assertThat(Settings.resolve(Map.of(), Map.of(), new Properties())).isEqualTo(IngestConfig.defaults());
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
    for (Setting setting : Setting.values()) {
      if (setting != Setting.TOKENS) {
        assertThat(Settings.resolve(Map.of(setting, setting.defaultValue()), Map.of(), new Properties()))
            .as("the documented default of %s", setting)
            .isEqualTo(defaults);
      }
    }
  }

  @Test
  void optionsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults() {
    Properties file = file("port", "1001", "host", "file-host", "bootstrap.servers", "file:9092");
    Map<String, String> env = Map.of("INGEST_PORT", "1002", "INGEST_HOST", "env-host");
    Map<Setting, String> cli = Map.of(Setting.PORT, "1003");

    IngestConfig config = Settings.resolve(cli, env, file);

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

    assertThat(Settings.resolve(Map.of(), env, new Properties()))
        .isEqualTo(
            new IngestConfig(
                "127.0.0.1", 0, "k1:9092,k2:9092", "http://registry:8081", List.of("current", "next"),
                524_288L, 500, Duration.ofSeconds(3), 8, Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofHours(2)));
  }

  @Test
  void sizesTakeBinaryAndDecimalUnits() {
    assertThat(Settings.parseSize("123")).isEqualTo(123);
    assertThat(Settings.parseSize("123B")).isEqualTo(123);
    assertThat(Settings.parseSize("2KiB")).isEqualTo(2048);
    assertThat(Settings.parseSize("10MiB")).isEqualTo(10_485_760);
    assertThat(Settings.parseSize("1 gib")).isEqualTo(1_073_741_824);
    assertThat(Settings.parseSize("2KB")).isEqualTo(2000);
    assertThat(Settings.parseSize("3MB")).isEqualTo(3_000_000);
    assertThat(Settings.parseSize("1GB")).isEqualTo(1_000_000_000);
  }

  @Test
  void durationsTakeShortUnitsOrIso8601() {
    assertThat(Settings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.parseDuration("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Settings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Settings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Settings.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Settings.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Settings.format(Duration.ofSeconds(90))).isEqualTo("90s");
  }

  @Test
  void aBadValueIsReportedWithTheSettingAndItsSource() {
    assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of("INGEST_MAX_BODY_BYTES", "ten megs"), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable INGEST_MAX_BODY_BYTES: 'ten megs' is not a size such as 1048576, 512KiB or 10MiB");
    assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of(), file("produce.timeout", "15")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "config file key produce.timeout: '15' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    assertThatThrownBy(() -> Settings.resolve(Map.of(Setting.PORT, "70000"), Map.of(), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --port: port must be 0-65535, got 70000");
    assertThatThrownBy(() -> Settings.resolve(Map.of(Setting.MAX_BODY_BYTES, "99999999999GiB"), Map.of(), new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("option --max-body-bytes: '99999999999GiB' is too large");
  }

  @Test
  void namesFollowOneScheme() {
    assertThat(Setting.MAX_IN_FLIGHT_REQUESTS.key()).isEqualTo("max.in.flight.requests");
    assertThat(Setting.MAX_IN_FLIGHT_REQUESTS.envVar()).isEqualTo("INGEST_MAX_IN_FLIGHT_REQUESTS");
    assertThat(Setting.MAX_IN_FLIGHT_REQUESTS.option()).isEqualTo("--max-in-flight-requests");
  }
}
