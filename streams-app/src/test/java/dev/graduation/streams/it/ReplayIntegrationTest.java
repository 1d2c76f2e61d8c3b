package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.replay.DiffReport;
import dev.graduation.streams.replay.InternalTopics;
import dev.graduation.streams.replay.ReplayMain;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import dev.graduation.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Replay": two live instances count {@link ReplayHistory} (four UTC days, event times
 * in the past, retried events); {@code replay run} rebuilds it under another version while they
 * serve, and its diff report is held against what the history and the catalog change say.
 *
 * <ol>
 *   <li>A replay of the same topology and catalog (version 2) differs from the live version in no
 *       app.
 *   <li>A replay with the changed catalog (version 3) names exactly the two apps that call the
 *       remapped path, with the first differing rule and field and both values; after {@code
 *       replay cutover --version 3} both instances serve version 3, and every query route of each
 *       answers the new counts for them, and the same as before for the others ({@code --dry-run}
 *       before it writes nothing).
 *   <li>{@code replay cleanup --version 1} deletes version 1's internal topics and local state,
 *       nothing of version 3's, and is refused for the live version.
 *   <li>{@code replay run --dry-run} records and starts nothing; once api-calls has lost its oldest
 *       event (deleteRecords, as retention would), {@code replay run} is refused and says which
 *       partition lost what.
 * </ol>
 *
 * <p>Seen failing: with the replay comparing the live answer against itself (DiffReport reading
 * the live side twice), step 2 reported {@code []} instead of the two apps; with {@code
 * StreamsApp.switchTo} ignoring the control topic, step 2 timed out on "instance 0 serves version
 * 3" and step 3 found version 3's local state missing (never started on the instance).
 */
@Tag("integration")
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String APPLICATION_ID = "replay-test";
  private static final String TOKEN = "t";

  @TempDir static Path dir;

  private static final List<StreamsApp> live = new ArrayList<>();
  private static final List<HttpJson> queries = new ArrayList<>();
  private static Instant at;

  @BeforeAll
  static void liveVersionCountsTheHistory() throws Exception {
    at = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    TrafficWriter writer = new TrafficWriter(KAFKA);
    writer.registrations(ReplayHistory.registrations(), at);
    long produced = writer.calls(ReplayHistory.calls(at));
    for (int i = 0; i < 2; i++) {
      StreamsApp app =
          StreamsApp.start(TestStreamsApps.config(KAFKA, APPLICATION_ID, dir.resolve("live-" + i), TOKEN), Clock.systemUTC());
      live.add(app);
      queries.add(new HttpJson("http://127.0.0.1:" + app.httpPort(), TOKEN));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      GroupProgress progress = new GroupProgress(admin, APPLICATION_ID);
      await("the live version committed all " + produced + " calls").atMost(Duration.ofSeconds(120))
          .until(progress::committed, committed -> committed == produced);
    }
    // The premise: FLIPS is eligible under the shipped catalog.
    assertThat(answer(0, "/v1/apps/" + ReplayHistory.FLIPS + "/eligibility?at=" + at).path("eligible").asBoolean()).isTrue();
  }

  @AfterAll
  static void stop() {
    live.forEach(StreamsApp::close);
  }

  @Test
  @Order(1)
  void aReplayOfTheSameTopologyFindsNoDifference() throws Exception {
    Path report = dir.resolve("report-v2.json");
    assertThat(ReplayMain.execute(replay("run", "--version", "2", "--at", at.toString(), "--report", report.toString())))
        .isZero();
    DiffReport diff = DiffReport.read(report);
    assertThat(diff.appsCompared()).isEqualTo(6);
    assertThat(diff.differences()).isEmpty();
  }

  @Test
  @Order(2)
  void aCatalogChangeNamesTheAffectedAppsThenCutoverServesThemEverywhere() throws Exception {
    Path catalog = ReplayHistory.changedCatalog(dir);
    Path report = dir.resolve("report-v3.json");
    assertThat(ReplayMain.execute(replay(
            "run", "--version", "3", "--catalog", catalog.toString(), "--at", at.toString(), "--report", report.toString())))
        .isZero();

    JsonNode differences = HttpJson.parse(Files.readString(report)).path("differences");
    assertThat(differences.toString()).isEqualTo(HttpJson.parse("""
        [{"appId":"replay-counts","eligible":{"live":true,"replayed":true},"firstRule":null,
          "firstField":{"path":"endpoints[\\"%1$s\\"].calls","live":6,"replayed":null}},
         {"appId":"replay-flips","eligible":{"live":true,"replayed":false},
          "firstRule":{"id":"permissions-exercised","passed":{"live":true,"replayed":false},"actual":{"live":1,"replayed":0}},
          "firstField":{"path":"eligible","live":true,"replayed":false}}]
        """.formatted(ReplayHistory.OLD_ENDPOINT)).toString());

    assertThat(ReplayMain.execute(replay("cutover", "--version", "3", "--dry-run"))).isZero();
    assertThat(control().latest()).as("a dry run writes nothing").doesNotContainKey(ControlKeys.active(APPLICATION_ID));
    assertThat(ReplayMain.execute(replay("cutover", "--version", "4"))).as("a version never replayed").isEqualTo(1);
    assertThat(ReplayMain.execute(replay("cutover", "--version", "3"))).isZero();
    for (int i = 0; i < live.size(); i++) {
      int instance = i;
      await("instance " + i + " serves version 3").atMost(Duration.ofSeconds(60))
          .until(() -> live.get(instance).version().applicationId().equals(ControlKeys.applicationId(APPLICATION_ID, 3)));
      assertNewCounts(instance);
    }
  }

  @Test
  @Order(3)
  void cleanupRemovesTheOldVersionOnly() throws Exception {
    Path liveState = dir.resolve("live-0");
    assertThat(ReplayMain.execute(withStateDir(liveState, replay("cleanup", "--version", "3"))))
        .as("the live version is never cleaned up").isEqualTo(1);
    List<String> before = InternalTopics.of(APPLICATION_ID, topics());
    assertThat(before).contains(APPLICATION_ID + "-app-activity-hourly-changelog");
    assertThat(liveState.resolve(APPLICATION_ID)).exists();

    assertThat(ReplayMain.execute(withStateDir(liveState, replay("cleanup", "--version", "1", "--dry-run")))).isZero();
    assertThat(InternalTopics.of(APPLICATION_ID, topics())).as("a dry run deletes nothing").isEqualTo(before);
    assertThat(liveState.resolve(APPLICATION_ID)).exists();

    assertThat(ReplayMain.execute(withStateDir(liveState, replay("cleanup", "--version", "1")))).isZero();
    await("version 1's topics deleted").atMost(Duration.ofSeconds(30))
        .until(() -> InternalTopics.of(APPLICATION_ID, topics()).isEmpty());
    assertThat(liveState.resolve(APPLICATION_ID)).doesNotExist();
    String v3 = ControlKeys.applicationId(APPLICATION_ID, 3);
    assertThat(InternalTopics.of(v3, topics())).contains(v3 + "-app-activity-hourly-changelog");
    assertThat(liveState.resolve(v3)).exists();
    for (int i = 0; i < live.size(); i++) {
      assertThat(answer(i, "/v1/apps/" + ReplayHistory.FLIPS + "/eligibility?at=" + at).path("eligible").asBoolean()).isFalse();
    }
  }

  @Test
  @Order(4)
  void aReplayThatNeedsEventsTheTopicLostIsRefusedAndADryRunChangesNothing() throws Exception {
    assertThat(ReplayMain.execute(replay("run", "--version", "5", "--dry-run"))).isZero();
    assertThat(control().latest()).as("a dry run records nothing").doesNotContainKey(ControlKeys.version(APPLICATION_ID, 5));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      assertThat(admin.listConsumerGroupOffsets(ControlKeys.applicationId(APPLICATION_ID, 5))
          .partitionsToOffsetAndMetadata().get()).as("a dry run starts nothing").isEmpty();
      // Retention (here: deleteRecords) took the oldest event of the first partition holding some.
      TopicPartition truncated = java.util.stream.IntStream.range(0, Topics.API_CALLS.partitions())
          .mapToObj(p -> new TopicPartition(Topics.API_CALLS.name(), p))
          .filter(p -> endOffset(admin, p) > 1)
          .findFirst().orElseThrow();
      admin.deleteRecords(Map.of(truncated, RecordsToDelete.beforeOffset(1))).all().get();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream stderr = System.err;
      System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      int status;
      try {
        status = ReplayMain.execute(replay("run", "--version", "5"));
      } finally {
        System.setErr(stderr);
      }
      assertThat(status).isEqualTo(1);
      assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("replay: api-calls no longer holds what the replay needs (the day buckets keep 35 days): partition "
              + truncated.partition() + " starts at offset 1 (");
      assertThat(control().latest()).doesNotContainKey(ControlKeys.version(APPLICATION_ID, 5));
    }
  }

  private static long endOffset(Admin admin, TopicPartition partition) {
    try {
      return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.util.Set<String> topics() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      return admin.listTopics().names().get();
    }
  }

  private static ControlTopic.Snapshot control() {
    java.util.Properties client = new java.util.Properties();
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    return new ControlTopic(client).read();
  }

  private static String[] withStateDir(Path stateDir, String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.set(all.indexOf("--state-dir") + 1, stateDir.toString());
    return all.toArray(String[]::new);
  }

  /** Every app route of one instance, for the two affected apps and one untouched one. */
  private static void assertNewCounts(int instance) {
    String range = "from=" + at.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)) + "&to=" + at;
    JsonNode flips = answer(instance, "/v1/apps/" + ReplayHistory.FLIPS + "/eligibility?at=" + at);
    assertThat(flips.path("eligible").asBoolean()).as("instance %d: flips eligible", instance).isFalse();
    assertThat(endpoints(flips.path("endpoints"))).as("instance %d: flips endpoints", instance)
        .isEqualTo(Map.of(ReplayHistory.NEW_ENDPOINT, (long) ReplayHistory.FLIPS_EXPORTS));
    assertThat(endpoints(answer(instance, "/v1/apps/" + ReplayHistory.COUNTS + "/endpoints?" + range).path("endpoints")))
        .as("instance %d: counts endpoints", instance)
        .isEqualTo(Map.of(
            ReplayHistory.CALL_LOG_ENDPOINT, (long) ReplayHistory.COUNTS_CALL_LOGS,
            ReplayHistory.NEW_ENDPOINT, (long) ReplayHistory.COUNTS_EXPORTS));
    assertThat(answer(instance, "/v1/apps/" + ReplayHistory.COUNTS + "/permissions?" + range).path("permissions").toString())
        .as("instance %d: counts permissions", instance)
        .isEqualTo(HttpJson.parse("""
            [{"permission":"ReadCallLog","declared":true,"calls":30,"successful":30},
             {"permission":"ReadAccounts","declared":false,"calls":6,"successful":6}]""").toString());
    assertThat(answer(instance, "/v1/apps/" + ReplayHistory.COUNTS + "/calls?granularity=day&" + range).path("buckets")
            .findValues("calls").stream().mapToLong(JsonNode::asLong).sum())
        .as("instance %d: counts calls per day", instance).isEqualTo(36);
    JsonNode steady = answer(instance, "/v1/apps/replay-steady-ok/eligibility?at=" + at);
    assertThat(steady.path("eligible").asBoolean()).as("instance %d: steady-ok", instance).isTrue();
    JsonNode listing = answer(instance, "/v1/apps?limit=50");
    assertThat(listing.path("apps").findValuesAsText("appId")).as("instance %d: listing", instance)
        .contains(ReplayHistory.FLIPS, ReplayHistory.COUNTS, "replay-steady-ok");
  }

  private static Map<String, Long> endpoints(JsonNode array) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    array.forEach(e -> counts.put(e.path("endpoint").asText(), e.path("calls").asLong()));
    return counts;
  }

  /** The 200 answer of one instance, once its state can answer (503 is "not yet"). */
  private static JsonNode answer(int instance, String path) {
    AtomicReference<HttpJson.Reply> last = new AtomicReference<>();
    await("a 200 to " + path + " from instance " + instance).atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          last.set(queries.get(instance).get(path));
          assertThat(last.get().status()).as("%s: %s", path, last.get().body()).isIn(200, 503);
          return last.get().status() == 200;
        });
    return last.get().body();
  }

  private static String[] replay(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    if (command[0].equals("run")) {
      args.addAll(List.of("--live-url", "http://127.0.0.1:" + live.get(0).httpPort(), "--status-port", "0"));
    }
    args.addAll(TestStreamsApps.arguments(KAFKA, APPLICATION_ID, dir.resolve("replay"), TOKEN, 1));
    return args.toArray(String[]::new);
  }
}
