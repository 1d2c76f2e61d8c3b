package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.replay.ReplayMain;
import dev.graduation.streams.version.ControlKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Replay": kill -9 the replay midway and start it again; it resumes and reports exactly
 * what an uninterrupted replay reports.
 *
 * <p>About 105,000 records ({@link SeededTraffic}: 100 apps with duplicates and late events, plus
 * {@link ReplayHistory}) are counted by the live version. {@code replay run --version 2} with the
 * changed catalog runs in a JVM of its own ({@link StreamsAppProcess}); while it replays, its
 * status endpoint and metrics report progress; a quarter of the way in (committed offsets of its
 * group) it is killed with SIGKILL, then started again with the same command line. It must say it
 * resumes, finish, and write the same differences as {@code replay run --version 3} (same catalog,
 * same instant, never interrupted): exactly the two apps {@link ReplayHistory} changes.
 *
 * <p>Seen failing with the replay resetting its group's offsets to the earliest on every start
 * (RunCommand deciding FROM_TIME at the epoch for a group with offsets): the restarted run said
 * "start replay-crash-v2 at the first api-calls offset ... at or after 1970-01-01T00:00:00Z"
 * instead of resuming. Its report was still right: the events read again were dropped as copies
 * by the deduplication (their eventIds are among the raw calls kept), which is why the log is
 * checked too.
 */
@Tag("integration")
@Timeout(600)
class ReplayCrashIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String APPLICATION_ID = "replay-crash";
  private static final String TOKEN = "t";

  @TempDir static Path dir;

  private static StreamsApp live;
  private static StreamsAppProcess replay;

  @AfterAll
  static void stop() throws InterruptedException {
    if (replay != null) {
      replay.close();
    }
    if (live != null) {
      live.close();
    }
  }

  @Test
  void aReplayKilledMidwayResumesAndReportsWhatAnUninterruptedOneReports() throws Exception {
    Instant at = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
    SeededTraffic.Traffic traffic = SeededTraffic.generate(16_2026L, at, 100, 1_000);
    TrafficWriter writer = new TrafficWriter(KAFKA);
    writer.registrations(traffic.registrations(), at);
    writer.registrations(ReplayHistory.registrations(), at);
    long produced = writer.calls(traffic.sendOrder()) + writer.calls(ReplayHistory.calls(at));
    live = StreamsApp.start(TestStreamsApps.config(KAFKA, APPLICATION_ID, dir.resolve("live"), TOKEN), Clock.systemUTC());
    Path catalog = ReplayHistory.changedCatalog(dir);

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      await("the live version committed all " + produced + " calls").atMost(Duration.ofSeconds(300))
          .pollInterval(Duration.ofMillis(500))
          .until(new GroupProgress(admin, APPLICATION_ID)::committed, committed -> committed == produced);

      int statusPort = StreamsAppProcess.freePort();
      Path killedReport = dir.resolve("report-v2.json");
      replay = new StreamsAppProcess(ReplayMain.class,
          arguments(2, catalog, at, killedReport, statusPort), Path.of("target", "replay-crash"));
      replay.start();
      GroupProgress progress = new GroupProgress(admin, ControlKeys.applicationId(APPLICATION_ID, 2));
      long quarter = produced / 4;
      await("the replay committed a quarter of api-calls").atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(50))
          .failFast("the replay JVM exited by itself; see " + replay.log(), () -> !replay.isAlive())
          .until(progress::committed, committed -> committed >= quarter);
      HttpJson status = new HttpJson("http://127.0.0.1:" + statusPort, TOKEN);
      JsonNode figures = status.getWithoutToken("/replay/status").body();
      assertThat(figures.path("phase").asText()).isEqualTo("replaying");
      assertThat(figures.path("recordsTotal").asLong()).isGreaterThanOrEqualTo(produced);
      assertThat(status.getWithoutToken("/metrics").raw().body()).contains("replay_records_done", "replay_records_target");
      long committedAtKill = progress.committed();
      assertThat(replay.killHard()).isEqualTo(137);
      assertThat(committedAtKill).as("killed midway").isLessThan(produced);

      replay.start();
      assertThat(replay.waitForExit(Duration.ofSeconds(300))).as("exit status; see %s", replay.log()).isZero();
      assertThat(Files.readString(replay.log())).contains("resume " + ControlKeys.applicationId(APPLICATION_ID, 2));

      Path uninterruptedReport = dir.resolve("report-v3.json");
      assertThat(ReplayMain.execute(arguments(3, catalog, at, uninterruptedReport, 0).toArray(String[]::new))).isZero();

      JsonNode resumed = HttpJson.parse(Files.readString(killedReport));
      JsonNode uninterrupted = HttpJson.parse(Files.readString(uninterruptedReport));
      assertThat(resumed.path("appsCompared").asInt()).isEqualTo(uninterrupted.path("appsCompared").asInt()).isEqualTo(106);
      assertThat(resumed.path("differences")).isEqualTo(uninterrupted.path("differences"));
      assertThat(resumed.path("differences").findValuesAsText("appId"))
          .containsExactly(ReplayHistory.COUNTS, ReplayHistory.FLIPS);
    }
  }

  private static List<String> arguments(int version, Path catalog, Instant at, Path report, int statusPort) {
    List<String> arguments = new ArrayList<>(List.of(
        "run", "--version", Integer.toString(version), "--catalog", catalog.toString(), "--at", at.toString(),
        "--report", report.toString(), "--status-port", Integer.toString(statusPort),
        "--live-url", "http://127.0.0.1:" + live.httpPort()));
    arguments.addAll(TestStreamsApps.arguments(KAFKA, APPLICATION_ID, dir.resolve("replay"), TOKEN, 2));
    return arguments;
  }
}
