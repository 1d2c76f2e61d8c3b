package dev.graduation.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The suites of {@link LoadTest} with tiny sizes, each on the embedded stack it starts itself:
 * every figure the JSON must hold is there, with sane values and exact counts. Not a benchmark:
 * the figures of a 2,000-event run say nothing about performance.
 */
@Tag("integration")
@Timeout(180)
class LoadTestIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Seen failing with DirectorySize counting nothing (stateDirBytes 0: "Expecting actual: 0 to be greater than 0"). */
  @Test
  void scaleReportsEveryFigureAtEachAppCount() throws Exception {
    Path out = dir.resolve("scale.json");
    int exit = LoadTest.execute(
        "scale", "--apps", "50", "--events", "2000", "--rounds", "1", "--warmup-rounds", "0",
        "--queries", "200", "--warmup-queries", "50", "--query-clients", "2", "--out", out.toString());

    assertThat(exit).isZero();
    JsonNode json = JSON.readTree(out.toFile());
    assertThat(json.path("suite").asText()).isEqualTo("scale");
    assertThat(json.path("appCounts")).hasSize(1);
    JsonNode at = json.path("appCounts").get(0);
    assertThat(at.path("apps").asInt()).isEqualTo(50);
    assertThat(at.path("events").asInt()).isEqualTo(2000);
    assertThat(at.path("bareEventsPerSecond").asDouble()).isPositive();
    assertThat(at.path("productEventsPerSecond").asDouble()).isPositive();
    assertThat(at.path("ratio").asDouble())
        .isCloseTo(at.path("productEventsPerSecond").asDouble() / at.path("bareEventsPerSecond").asDouble(), within(1e-9));
    assertThat(at.path("roundRatios")).hasSize(1);
    long stateBytes = at.path("stateDirBytes").asLong();
    assertThat(stateBytes).isPositive();
    assertThat(at.path("stateBytesPerApp").asDouble()).isEqualTo(stateBytes / 50.0);
    assertThat(at.path("stateBytesPerEvent").asDouble()).isEqualTo(stateBytes / 2000.0);
    assertThat(at.path("changelogBytesPerEvent").asDouble())
        .isPositive()
        .isEqualTo(at.path("changelogBytes").asLong() / 2000.0);
    assertThat(at.path("changelogBytesPerEventByStore").has("app-activity-hourly")).isTrue();
    for (String restart : List.of("restartKeptState", "restoreEmptyState")) {
      JsonNode time = at.path(restart);
      assertThat(time.path("toRunningSeconds").asDouble()).as(restart).isPositive();
      assertThat(time.path("toAnswerSeconds").asDouble()).as(restart).isGreaterThanOrEqualTo(time.path("toRunningSeconds").asDouble());
      assertThat(time.path("probeCalls").asLong()).as(restart).isPositive();
    }
    assertThat(at.path("restoredAnswerMatches").asBoolean()).isTrue();
    for (String target : List.of("eligibility", "healthLive")) {
      JsonNode latency = at.path(target);
      assertThat(latency.path("requests").asInt()).as(target).isEqualTo(200);
      assertThat(latency.path("unexpectedStatus").asInt()).as(target).isZero();
      assertThat(latency.path("p99Ms").asDouble()).as(target).isPositive().isGreaterThanOrEqualTo(latency.path("p50Ms").asDouble());
    }
  }

  /** Seen failing with the sampling loop one short ({@code k < samples}: sampleCount "expected: 5 but was: 4"). */
  @Test
  void soakSamplesExactlyAndGivesAVerdictPerSeries() throws Exception {
    Path out = dir.resolve("soak.json");
    int exit = LoadTest.execute(
        "soak", "--duration", "PT15S", "--rate", "200", "--sample-every", "3s", "--apps", "50", "--max-events", "2000",
        "--out", out.toString());

    JsonNode json = JSON.readTree(out.toFile());
    assertThat(json.path("rateEventsPerSecond").asDouble()).isEqualTo(200.0);
    assertThat(json.path("measuredMaximumEventsPerSecond").asDouble()).isPositive();
    assertThat(json.path("sampleCount").asInt()).isEqualTo(5);
    assertThat(json.path("samples")).hasSize(5);
    for (int k = 1; k <= 5; k++) {
      JsonNode sample = json.path("samples").get(k - 1);
      assertThat(sample.path("seconds").asDouble()).as("sample %d", k).isBetween(3.0 * k, 3.0 * k + 2);
      assertThat(sample.path("sent").asDouble()).as("sample %d", k).isCloseTo(200 * sample.path("seconds").asDouble(), within(100.0));
      assertThat(sample.path("heapAfterGcBytes").asLong()).isPositive();
      assertThat(sample.path("residentBytes").asLong()).isPositive();
      assertThat(sample.path("stateDirBytes").asLong()).isPositive();
      assertThat(sample.path("consumed").asLong()).isGreaterThanOrEqualTo(2000);
      assertThat(sample.path("lag").asLong()).isNotNegative();
      assertThat(sample.path("streamsState").asText()).isIn("RUNNING", "REBALANCING");
    }
    JsonNode errors = json.path("errors");
    assertThat(errors.path("failedSends").asLong()).isZero();
    assertThat(errors.path("deadLetterRecords").asLong()).isZero();
    assertThat(errors.path("threadFailures").asLong()).isZero();
    assertThat(errors.path("streamsStates")).isEmpty();
    assertThat(errors.path("caughtUpAtEnd").asBoolean()).isTrue();
    assertThat(json.path("series")).hasSize(4);
    assertThat(json.path("series").findValuesAsText("series"))
        .containsExactly("heap after GC", "RSS", "state disk per event", "consumer lag");
    assertThat(json.path("series").findValuesAsText("verdict")).allMatch(v -> v.equals("flat") || v.equals("not flat"));
    // The exit code follows the verdicts: 0 when all are flat, 3 when one is not (a 15 s soak may not be).
    boolean flat = json.path("series").findValuesAsText("verdict").stream().allMatch("flat"::equals);
    assertThat(json.path("flat").asBoolean()).isEqualTo(flat);
    assertThat(exit).isEqualTo(flat ? 0 : 3);
  }

  /**
   * Seen failing with the background rate taken as the whole maximum instead of --load-fraction of
   * it (backgroundEventsPerSecond "Expecting actual ... to be close to" half of it).
   */
  @Test
  void freshnessTimesEachCallUnderAFractionOfTheMaximum() throws Exception {
    Path out = dir.resolve("freshness.json");
    int exit = LoadTest.execute(
        "freshness", "--samples", "5", "--apps", "50", "--max-events", "2000", "--out", out.toString());

    assertThat(exit).isZero();
    JsonNode json = JSON.readTree(out.toFile());
    double maximum = json.path("measuredMaximumEventsPerSecond").asDouble();
    assertThat(maximum).isPositive();
    assertThat(json.path("backgroundEventsPerSecond").asDouble()).isCloseTo(0.5 * maximum, within(1e-6));
    assertThat(json.path("failedSends").asLong()).isZero();
    JsonNode freshness = json.path("freshness");
    assertThat(freshness.path("samples").asInt()).isEqualTo(5);
    assertThat(freshness.path("instances").asInt()).isEqualTo(1);
    assertThat(freshness.path("p50Ms").asDouble()).isPositive();
    assertThat(freshness.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(freshness.path("p50Ms").asDouble());
    assertThat(freshness.path("maxMs").asDouble()).isGreaterThanOrEqualTo(freshness.path("p99Ms").asDouble());
  }

  /** Seen failing with soak's --tolerance renamed --slack (its help "to contain: [--tolerance]"). */
  @Test
  void everySuiteHelpsWithItsOptions() {
    List<String> common = List.of("--quick", "--out", "--timeout", "--help");
    List<String> load = List.of("--apps", "--max-events", "--rate", "--load-fraction", "--seed", "--span");
    Map<String, List<String>> options = Map.of(
        "scale", List.of("--apps", "--events", "--rounds", "--warmup-rounds", "--queries", "--warmup-queries",
            "--query-clients", "--seed", "--span"),
        "soak", List.of("--duration", "--sample-every", "--tolerance"),
        "freshness", List.of("--samples"),
        "all", List.of("--quick"));
    options.forEach((suite, own) -> {
      Run run = run(suite, "--help");
      assertThat(run.exit()).as(suite).isZero();
      assertThat(run.out()).as(suite).contains(own).contains(common);
      if (!suite.equals("scale") && !suite.equals("all")) {
        assertThat(run.out()).as(suite).contains(load);
      }
    });
  }

  /**
   * Seen failing with soak's check lowered to two samples (the 6 s soak then ran: "expected: 2
   * but was: 3").
   */
  @Test
  void aBadOptionExitsWithTwoAndSaysWhy() {
    Run unknown = run("soak", "--bogus");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option: '--bogus'");

    Run notANumber = run("scale", "--apps", "many");
    assertThat(notANumber.exit()).isEqualTo(2);
    assertThat(notANumber.err()).contains("Invalid value for option '--apps'", "many");

    Run tooShort = run("soak", "--duration", "6s", "--sample-every", "3s");
    assertThat(tooShort.exit()).isEqualTo(2);
    assertThat(tooShort.err()).contains("--duration PT6S holds 2 samples of --sample-every PT3S; a verdict needs at least 3");

    Run noSuite = run();
    assertThat(noSuite.exit()).isEqualTo(2);
    assertThat(noSuite.err()).contains("Name a suite: scale, soak, freshness or all.");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = LoadTest.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
