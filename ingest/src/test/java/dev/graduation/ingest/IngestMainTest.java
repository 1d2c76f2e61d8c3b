package dev.graduation.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestMainTest {

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariableAndDefault() {
    IngestMain.Command command = IngestMain.parse(new String[] {"--help"}, Map.of());

    assertThat(command).isInstanceOf(IngestMain.Command.Help.class);
    String help = ((IngestMain.Command.Help) command).text();
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
        .contains("env INGEST_MAX_AGE, file key max.age, default: 30d");
    // The registry URL is wrapped by the help layout; its pieces are there.
    assertThat(help).contains("env INGEST_SCHEMA_REGISTRY_URL, file key schema.registry.url, default: http://localhost:");
  }

  @Test
  void optionsEnvironmentAndFileAreLayered(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, "port=7001\nmax.age=7d\ntokens=from-file\nhost=file-host\n");

    IngestMain.Command command =
        IngestMain.parse(
            new String[] {"--config", file.toString(), "--port", "7003", "--produce-timeout=2s"},
            Map.of("INGEST_PORT", "7002", "INGEST_TOKENS", "a,b", "PATH", "/usr/bin"));

    assertThat(command)
        .isEqualTo(
            new IngestMain.Command.Run(
                new IngestConfig(
                    "file-host", 7003, "localhost:9092", "http://localhost:8081", List.of("a", "b"),
                    10_485_760L, 10_000, Duration.ofSeconds(30), 64, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofDays(7))));
  }

  @Test
  void mistakesAreReportedNotIgnored(@TempDir Path dir) {
    assertThatThrownBy(() -> IngestMain.parse(new String[] {"--prot", "1"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown options: '--prot', '1'");
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> IngestMain.parse(new String[] {"--config", missing.toString()}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read config file " + missing);
  }
}
