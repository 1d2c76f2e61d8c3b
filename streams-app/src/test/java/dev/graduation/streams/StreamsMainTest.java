package dev.graduation.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.streams.health.ThreadReplacementLimit;
import dev.graduation.streams.rules.WindowMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamsMainTest {

  @TempDir Path dir;

  private static StreamsAppConfig parse(String... args) {
    StreamsMain main = new StreamsMain();
    new CommandLine(main).parseArgs(args);
    return main.config();
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
}
