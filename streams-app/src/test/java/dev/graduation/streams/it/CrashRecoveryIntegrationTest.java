package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.streams.it.SeededTraffic.Traffic;
import dev.graduation.streams.it.TrafficModel.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "Reliability": exactly-once under hard kills.
 *
 * <p>About 210,000 records ({@link SeededTraffic}: 200,000 distinct events of 200 apps, ~5 % exact
 * duplicates, ~3 % late by 1-12 h, OAuth, 4xx, 429, 5xx, 304) go to api-calls in four chunks while
 * streams-app runs in a JVM of its own ({@link StreamsAppProcess}). That JVM is killed with SIGKILL
 * three times, each time a quarter of the way into the chunk just produced, so that transactions
 * are open and the local RocksDB state is ahead of the last commit; it is restarted at once on the
 * same state directory. Once the app's committed offsets reach the end of api-calls, every app's
 * eligibility at a fixed instant {@code at} must equal {@link Oracle}, computed from the input
 * alone: the 7 totals, calls and successful per endpoint, the verdict and the failed rules; and so
 * must its per-day counts ({@code calls?granularity=day}), the traffic's first day being rolled up
 * from its hours during the run.
 *
 * <p>Seen failing when the guarantee was broken on purpose (same seed, 3 kills each, 210,057
 * records):
 *
 * <ul>
 *   <li>{@code -DcrashTest.processingGuarantee=at_least_once}: 298 mismatch lines; 81 of 200 apps
 *       miscounted, 80 of them <b>under</b>-counted (589 calls lost in all, e.g. "crash-app-003:
 *       totals.calls expected 1011 but was 996") and one over-counted ("crash-app-031:
 *       totals.calls expected 1021 but was 1022"). An earlier run (previous traffic generator) also
 *       flipped a verdict: "crash-app-081: eligible expected true (failing []) but was false
 *       (failing [client-error-rate])". At-least-once mostly loses calls here rather than
 *       double-counting them: the dedup store, which has no cache, writes each eventId to its
 *       changelog at once, while the cached hour/day aggregates reach theirs only at commit; after
 *       a kill the restored dedup store already knows the replayed events and drops them.
 *   <li>exactly_once_v2 with {@code --dedup-horizon PT0.001S} added to the arguments (dedup
 *       effectively off): 1,081 mismatch lines, 175 apps <b>over</b>-counted by 7,686 calls (e.g.
 *       "crash-app-001: totals.calls expected 1002 but was 1045"), 4 verdicts wrong (e.g.
 *       "crash-app-127: eligible expected false (failing [total-successful-calls]) but was true").
 * </ul>
 */
@Tag("integration")
@Timeout(600)
class CrashRecoveryIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String APPLICATION_ID = "crash-test";
  private static final String TOKEN = "t";
  private static final long SEED = 6_2026L;
  private static final int APPS = 200;
  private static final int EVENTS_PER_APP = 1_000;
  private static final int CHUNKS = 4;
  private static final int KILLS = CHUNKS - 1;

  /**
   * exactly_once_v2, the product's default. {@code -DcrashTest.processingGuarantee=at_least_once}
   * runs the same test against the weaker guarantee, to see it fail (class comment).
   */
  private static final String GUARANTEE = System.getProperty("crashTest.processingGuarantee", "exactly_once_v2");

  /** The state directory outlives every kill, as a real crash leaves it behind. */
  @TempDir static Path stateDir;

  private static final AtomicInteger NOT_YET = new AtomicInteger();
  private static final List<String> TIMELINE = new ArrayList<>();
  private static long startNanos;
  private static Admin admin;
  private static GroupProgress progress;
  private static StreamsAppProcess streamsApp;

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      if (streamsApp != null) {
        streamsApp.close();
      }
    } finally {
      if (admin != null) {
        admin.close();
      }
    }
  }

  @Test
  void everyAppsCountsAndVerdictEqualTheOracleAfterThreeHardKills() throws Exception {
    startNanos = System.nanoTime();
    // Events run up to three minutes past `at` (excluded by the window); none lies in the future.
    Instant at = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
    Traffic traffic = SeededTraffic.generate(SEED, at, APPS, EVENTS_PER_APP);
    Map<String, Oracle.Expected> expected = Oracle.expectAll(traffic, at);
    assertInputIsWhatTheIssueAsksFor(traffic, expected);

    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    progress = new GroupProgress(admin, APPLICATION_ID);
    TrafficWriter writer = new TrafficWriter(KAFKA);
    int port = StreamsAppProcess.freePort();
    streamsApp = new StreamsAppProcess(arguments(port), Path.of("target", "crash-recovery"));
    HttpJson query = new HttpJson("http://127.0.0.1:" + port, TOKEN);

    writer.registrations(traffic.registrations(), at);
    List<List<Call>> chunks = chunks(traffic.sendOrder(), CHUNKS);
    streamsApp.start();
    long produced = 0;
    long committedAtLastKill = 0;
    double lastRestart = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      List<Call> chunk = chunks.get(kill - 1);
      long before = produced;
      produced += writer.calls(chunk);
      // Visible progress into this chunk (offsets of it committed), then SIGKILL mid-chunk.
      long threshold = before + chunk.size() / 4;
      await("committed offsets past " + threshold)
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofMillis(50))
          .failFast(streamsAppExited(), () -> !streamsApp.isAlive())
          .until(progress::committed, committed -> committed >= threshold);
      committedAtLastKill = progress.committed();
      assertThat(streamsApp.killHard()).as("exit code of kill %d (SIGKILL = 128 + 9)", kill).isEqualTo(137);
      assertThat(produced - committedAtLastKill).as("backlog left at kill %d", kill).isPositive();
      note("kill %d at %.1f s: committed %d of %d produced", kill, elapsed(), committedAtLastKill, produced);
      removeDeadMembers();
      streamsApp.start();
      lastRestart = elapsed();
    }
    produced += writer.calls(chunks.get(CHUNKS - 1));
    long end = progress.end();
    assertThat(end).isEqualTo(produced).isEqualTo(traffic.sendOrder().size());

    await("committed offsets at the end of api-calls (" + end + ")")
        .atMost(Duration.ofSeconds(300))
        .pollInterval(Duration.ofMillis(250))
        .failFast(streamsAppExited(), () -> !streamsApp.isAlive())
        .until(progress::committed, committed -> committed == end);
    note("all %d records committed at %.1f s (since the last restart: %.0f records/s, restore included)",
        end, elapsed(), (end - committedAtLastKill) / (elapsed() - lastRestart));

    List<String> mismatches = new ArrayList<>();
    List<Long> latenciesMs = new ArrayList<>();
    Map<String, List<Call>> counted =
        Oracle.dedup(traffic.sendOrder()).stream().collect(Collectors.groupingBy(Call::appId));
    Instant firstDay = counted.values().stream().flatMap(List::stream).map(Call::timestamp).min(Instant::compareTo)
        .orElseThrow().truncatedTo(ChronoUnit.DAYS);
    for (Oracle.Expected app : expected.values()) {
      long asked = System.nanoTime();
      HttpJson.Reply reply = answer(query, "/v1/apps/" + app.appId() + "/eligibility?at=" + at);
      latenciesMs.add((System.nanoTime() - asked) / 1_000_000);
      mismatches.addAll(
          reply.status() == 200
              ? AnswerCheck.eligibility(app, reply.body())
              : List.of(app.appId() + ": HTTP " + reply.status() + " " + reply.body()));
      // Day views too: the traffic's first day is rolled up from its hours during the run.
      HttpJson.Reply days = answer(query, "/v1/apps/" + app.appId() + "/calls?granularity=day&from=" + firstDay + "&to=" + at);
      String expectedDays = AnswerCheck.expectedDays(counted.getOrDefault(app.appId(), List.of()), firstDay, at);
      String actualDays = days.status() == 200 ? AnswerCheck.actualDays(days.body()) : "HTTP " + days.status() + " " + days.body();
      if (!expectedDays.equals(actualDays)) {
        mismatches.add(app.appId() + ": days expected " + expectedDays + " but were " + actualDays);
      }
    }
    latenciesMs.sort(null);
    note("%d apps compared at %.1f s (%d replies 503 on the way; answers in %d ms median, %d ms max)",
        expected.size(), elapsed(), NOT_YET.get(), latenciesMs.get(latenciesMs.size() / 2), latenciesMs.get(latenciesMs.size() - 1));
    assertThat(mismatches)
        .as("%d mismatches with the oracle after %d hard kills (%s); timeline:%n%s",
            mismatches.size(), KILLS, GUARANTEE, String.join("\n", TIMELINE))
        .isEmpty();
  }

  /** Why a wait stops at once when the JVM exits by itself (bad classpath, crash at start). */
  private static String streamsAppExited() {
    return "streams-app JVM exited by itself; see " + streamsApp.log();
  }

  private static List<String> arguments(int port) {
    return List.of(
        "--bootstrap-servers", KAFKA.bootstrapServers(),
        "--schema-registry-url", KAFKA.schemaRegistryUrl(),
        "--state-dir", stateDir.toString(),
        "--http-host", "127.0.0.1",
        "--http-port", Integer.toString(port), // fixed: the restarted JVM answers where the last one did
        "--advertised-host", "127.0.0.1",
        "--query-tokens", TOKEN,
        "--application-id", APPLICATION_ID,
        "--replication-factor", "1",
        "--stream-threads", "2",
        "--processing-guarantee", GUARANTEE);
  }

  /** >= 200,000 events with duplicates and late ones, and verdicts that differ between apps. */
  private static void assertInputIsWhatTheIssueAsksFor(Traffic traffic, Map<String, Oracle.Expected> expected) {
    Map<String, Long> failing = new LinkedHashMap<>();
    Oracle.RULE_IDS.forEach(rule ->
        failing.put(rule, expected.values().stream().filter(e -> e.failedRules().contains(rule)).count()));
    long eligible = expected.values().stream().filter(Oracle.Expected::eligible).count();
    note("input: %d records (%d distinct, %d copies, %d late); oracle: %d of %d apps eligible, failing %s",
        traffic.sendOrder().size(), traffic.uniqueEvents(), traffic.duplicates(), traffic.lateEvents(),
        eligible, expected.size(), failing);
    assertThat(traffic.uniqueEvents()).isEqualTo(APPS * EVENTS_PER_APP);
    assertThat(traffic.duplicates()).isBetween(traffic.uniqueEvents() * 4 / 100, traffic.uniqueEvents() * 6 / 100);
    assertThat(traffic.lateEvents()).isGreaterThan(traffic.uniqueEvents() / 50);
    // A product that answered "not eligible" everywhere, or never failed some rule, must not pass.
    assertThat(eligible).isBetween(10L, APPS - 10L);
    failing.forEach((rule, apps) -> assertThat(apps).as("apps failing %s", rule).isBetween(5L, APPS - 5L));
  }

  /** The reply once the app's state can answer: 503 means "not yet", anything else is final. */
  private static HttpJson.Reply answer(HttpJson query, String path) {
    AtomicReference<HttpJson.Reply> last = new AtomicReference<>();
    await("an answer other than 503 to " + path)
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO) // else Awaitility waits one poll interval before asking at all
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions() // connection refused while a JVM starts
        .failFast(streamsAppExited(), () -> !streamsApp.isAlive())
        .until(() -> {
          last.set(query.get(path));
          if (last.get().status() == 503) {
            NOT_YET.incrementAndGet();
            return false;
          }
          return true;
        });
    return last.get();
  }

  /**
   * The killed JVM's consumers stay in the group until their session times out (45 s), and the
   * restarted instance would wait for them at every kill. Removing them, as an operator or an
   * orchestrator would, changes nothing for exactly-once: the dead JVM can no longer write, and
   * its open transactions are aborted when the restarted instance's producers take over.
   */
  private static void removeDeadMembers() throws InterruptedException, ExecutionException {
    var group = admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get().get(APPLICATION_ID);
    if (!group.members().isEmpty()) {
      admin.removeMembersFromConsumerGroup(APPLICATION_ID, new RemoveMembersFromConsumerGroupOptions()).all().get();
    }
  }

  private static <T> List<List<T>> chunks(List<T> all, int n) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chunks.add(all.subList(all.size() * i / n, all.size() * (i + 1) / n));
    }
    return chunks;
  }

  private static double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void note(String format, Object... args) {
    String line = String.format(format, args);
    TIMELINE.add(line);
    System.out.println("CrashRecoveryIntegrationTest: " + line);
  }
}
