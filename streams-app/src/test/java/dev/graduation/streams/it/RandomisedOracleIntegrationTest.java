package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.it.Oracle.Counts;
import dev.graduation.streams.it.Oracle.EndpointRow;
import dev.graduation.streams.it.Oracle.Expected;
import dev.graduation.streams.it.Oracle.PermissionRow;
import dev.graduation.streams.it.Oracle.RuleRow;
import dev.graduation.streams.it.TrafficModel.AppPlan;
import dev.graduation.streams.it.TrafficModel.Call;
import dev.graduation.streams.it.TrafficModel.Registration;
import dev.graduation.streams.it.TrafficModel.Traffic;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded randomised traffic ({@link TrafficModel}: over 20,000 events, 45 apps, late events, exact
 * duplicates, OAuth, 4xx/429/5xx/3xx, registrations) goes to a real broker and a real streams-app;
 * every app's eligibility must equal what {@link Oracle} computes from the same events: verdict,
 * all totals, every endpoint (and its per-method breakdown), every permission, and each rule's
 * passed/actual/required. It is asked at a fixed evaluation instant {@code at} (now, to the
 * second, when the test starts: the answer cannot drift with the clock) and at three earlier
 * instants whose hours and windows cut through the traffic.
 *
 * <p>All differences are collected and reported together, grouped by field, with the seed and
 * {@code at}: rerun with {@code -Doracle.seed=N -Doracle.at=...} to reproduce a traffic.
 */
@Tag("integration")
@Timeout(300)
class RandomisedOracleIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(RandomisedOracleIntegrationTest.class);

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  static final long SEED = Long.getLong("oracle.seed", 20_261_123L);
  /**
   * The evaluation instant, default now (to the second). The traffic depends on it too (where the
   * window and its hours fall), so a failure is reproduced with both: it must lie within the
   * last 5 days.
   */
  static final String AT = System.getProperty("oracle.at");
  private static final String TOKEN = "oracle-token";
  private static final String APPLICATION_ID = "streams-app-oracle-it";
  /** Registrations carry an old record timestamp, so they never move a partition's stream time. */
  private static final Duration REGISTRATION_AGE = Duration.ofDays(3);

  @TempDir static Path stateDir;
  private static StreamsApp app;
  private static HttpJson query;
  private static Traffic traffic;
  /** What the oracle expects at the evaluation instant. */
  private static Map<String, Expected> expected;
  /** The same at the other instants asked about. */
  private static Map<Instant, Map<String, Expected>> expectedEarlier;
  private static Admin admin;

  @BeforeAll
  static void startAndProduce() {
    // The evaluation instant: fixed once, so the answer cannot drift with the clock.
    Instant at = AT == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(AT);
    traffic = TrafficModel.generate(SEED, at);
    expected = Oracle.expectAll(traffic);
    expectedEarlier = new LinkedHashMap<>();
    for (Instant earlier : earlierInstants(at)) {
      expectedEarlier.put(earlier, Oracle.expectAll(traffic, earlier));
    }
    log.info("Oracle traffic, seed {}, at {}: {}", SEED, at, traffic.stats());

    StreamsAppConfig config = TestStreamsApps.config(KAFKA, APPLICATION_ID, stateDir, TOKEN);
    app = StreamsApp.start(config, Clock.systemUTC());
    query = new HttpJson("http://127.0.0.1:" + app.httpPort(), TOKEN);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));

    long started = System.nanoTime();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(app::isRunning);
    log.info("streams-app running after {} ms", (System.nanoTime() - started) / 1_000_000);
    started = System.nanoTime();
    produceRegistrations(at);
    produceEvents();
    log.info("Produced {} records in {} ms", traffic.sendOrder().size(), (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (app != null) {
      app.close();
    }
  }

  /**
   * Not a test of the product: the generator's designs hold according to the oracle, and the
   * traffic is as big and as varied as promised, so the comparison below means something.
   */
  @Test
  void trafficCoversEveryRuleBothWays() {
    Map<String, Long> stats = traffic.stats();
    assertThat(stats.get("events")).as("events").isGreaterThanOrEqualTo(20_000);
    assertThat(stats.get("apps")).as("apps").isGreaterThanOrEqualTo(40);
    assertThat(stats.get("duplicates")).as("duplicates").isGreaterThanOrEqualTo(stats.get("events") * 4 / 100);
    assertThat(stats.get("late (>= 1 h behind stream time)")).as("late events").isGreaterThanOrEqualTo(1_000);
    assertThat(stats.get("late and older than the window")).as("late events before the window").isPositive();
    assertThat(stats.get("at window start")).isPositive();
    assertThat(stats.get("1 ms before window start")).isPositive();
    assertThat(stats.get("at evaluation instant")).isPositive();
    assertThat(stats.get("after at")).isPositive();

    assertThat(Oracle.brokenDesigns(traffic, expected))
        .as("designs the generator broke (seed %d, at %s)", SEED, traffic.at())
        .isEmpty();
    for (String rule : Oracle.RULE_IDS) {
      assertThat(expected.values()).as("apps failing " + rule).anyMatch(e -> !e.rules().get(rule).passed());
      assertThat(expected.values()).as("apps passing " + rule).anyMatch(e -> e.rules().get(rule).passed());
    }
    assertThat(expected.values().stream().filter(Expected::eligible).count()).as("eligible apps").isGreaterThanOrEqualTo(10);
  }

  @Test
  void everyAppsEligibilityEqualsTheOracle() {
    long expectedTraffic =
        expected.values().stream().mapToLong(e -> e.totals().get("calls") + e.totals().get("oauthCalls")).sum();
    long started = System.nanoTime();
    String waited = "";
    try {
      // Cheap first: the app has consumed and committed every record (no query load meanwhile).
      await()
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofMillis(250))
          .until(RandomisedOracleIntegrationTest::everythingCommitted);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> countedTraffic() == expectedTraffic && registrationsVisible());
    } catch (ConditionTimeoutException e) {
      waited = "The wait timed out: counted " + countedTraffic() + " of " + expectedTraffic
          + " calls in the window, registrations visible: " + registrationsVisible() + ".\n";
    }
    log.info("Counted all {} calls in the window after {} ms", expectedTraffic, (System.nanoTime() - started) / 1_000_000);

    Mismatches mismatches = new Mismatches();
    for (AppPlan plan : traffic.apps()) {
      HttpJson.Reply reply = query.get(eligibilityPath(plan.appId()));
      mismatches.compare(plan, plan.appId(), expected.get(plan.appId()), reply);
    }
    expectedEarlier.forEach((earlier, expectations) -> {
      for (AppPlan plan : traffic.apps()) {
        HttpJson.Reply reply = query.get(eligibilityPath(plan.appId(), earlier));
        mismatches.compare(plan, plan.appId() + "@" + earlier, expectations.get(plan.appId()), reply);
      }
    });
    if (!mismatches.isEmpty()) {
      throw new AssertionError(waited + mismatches.report(SEED, traffic.at()));
    }
  }

  /** Contract section 7: 404 only for an app with neither events nor a registration. */
  @Test
  void appsWithoutEventsInTheWindowAnswerZerosAndOnlyUnknownAppsAnswer404() {
    JsonNode oldOnly = eventuallyKnown("old-only");
    assertThat(oldOnly.get("eligible").asBoolean()).isFalse();
    assertThat(oldOnly.get("totals")).isEqualTo(ZERO_TOTALS);
    assertThat(oldOnly.get("endpoints")).isEmpty();
    assertThat(oldOnly.get("permissions")).isEmpty();

    JsonNode registeredOnly = eventuallyKnown("registered.only_app");
    assertThat(registeredOnly.get("totals")).isEqualTo(ZERO_TOTALS);
    assertThat(registeredOnly.get("endpoints")).isEmpty();
    assertThat(registeredOnly.get("permissions")).isEqualTo(HttpJson.parse("""
        [{"permission": "ReadCallLog", "declared": true, "calls": 0, "successful": 0}]"""));

    HttpJson.Reply unknown = query.get(eligibilityPath("never-seen-app"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("error").asText()).isEqualTo("unknown app never-seen-app: no events and no registration");
  }

  private static final JsonNode ZERO_TOTALS = HttpJson.parse("""
      {"calls": 0, "successful": 0, "clientErrors": 0, "throttled": 0, "serverErrors": 0,
       "oauthCalls": 0, "tokenRequests": 0}""");

  private static JsonNode eventuallyKnown(String appId) {
    long started = System.nanoTime();
    JsonNode body =
        await()
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> query.get(eligibilityPath(appId)), reply -> reply.status() == 200)
            .body();
    log.info("{} answered 200 after {} ms (streams {})", appId, (System.nanoTime() - started) / 1_000_000, app.streams().state());
    return body;
  }

  // --- producing ---------------------------------------------------------------------------------

  private static Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    // Big batches, no per-record round trip: 20,000 records in a couple of seconds.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Idempotence (the default) keeps each partition in send order, which the dedup model needs.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return props;
  }

  private static void produceRegistrations(Instant at) {
    Instant registeredAt = at.minus(REGISTRATION_AGE);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, AppRegistration> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(),
            Topics.APP_REGISTRATIONS.valueSerde(KAFKA.serdeConfig()).serializer())) {
      for (AppPlan plan : traffic.apps()) {
        long version = 0;
        for (Registration registration : plan.registrations()) {
          Instant updatedAt = registeredAt.plusMillis(version++);
          AppRegistration value =
              AppRegistration.newBuilder()
                  .setAppId(plan.appId())
                  .setName("App " + plan.appId())
                  .setDescription(registration.description())
                  .setPermissions(registration.permissions())
                  .setRegisteredAt(registeredAt)
                  .setUpdatedAt(updatedAt)
                  .build();
          producer.send(
              new ProducerRecord<>(Topics.APP_REGISTRATIONS.name(), TrafficModel.partition(plan.appId()),
                  updatedAt.toEpochMilli(), plan.appId(), value),
              (metadata, e) -> failure.compareAndSet(null, e));
        }
      }
      producer.flush();
    }
    assertThat(failure.get()).as("registration send failure").isNull();
  }

  private static void produceEvents() {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, ApiCallEvent> producer =
        new KafkaProducer<>(producerProps(), new StringSerializer(),
            Topics.API_CALLS.valueSerde(KAFKA.serdeConfig()).serializer())) {
      for (Call call : traffic.sendOrder()) {
        ApiCallEvent event = TrafficWriter.event(call);
        producer.send(
            new ProducerRecord<>(Topics.API_CALLS.name(), TrafficModel.partition(call.appId()),
                call.timestamp().toEpochMilli(), call.appId(), event),
            (metadata, e) -> failure.compareAndSet(null, e));
      }
      producer.flush();
    }
    assertThat(failure.get()).as("event send failure").isNull();
  }

  // --- querying ----------------------------------------------------------------------------------

  private static String eligibilityPath(String appId) {
    return eligibilityPath(appId, traffic.at());
  }

  private static String eligibilityPath(String appId, Instant at) {
    return "/v1/apps/" + appId + "/eligibility?at=" + at;
  }

  /**
   * Instants before {@code at} asked about too (contract: any instant of the last 5 days): one
   * anywhere in an hour, one on the hour, and midnight, where the window moves by a day. Their
   * hours hold later events too, so only the events up to the instant may count.
   */
  static List<Instant> earlierInstants(Instant at) {
    return java.util.stream.Stream.of(
            at.minus(Duration.ofHours(13).plusMinutes(17).plusSeconds(23)),
            at.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5)),
            at.truncatedTo(ChronoUnit.DAYS))
        .filter(instant -> instant.isBefore(at))
        .distinct()
        .toList();
  }

  /** The app's committed offsets on both input topics have reached their ends. */
  private static boolean everythingCommitted() throws Exception {
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (String topic : List.of(Topics.API_CALLS.name(), Topics.APP_REGISTRATIONS.name())) {
      for (int p = 0; p < TrafficModel.PARTITIONS; p++) {
        ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
    for (var end : admin.listOffsets(ends).all().get().entrySet()) {
      OffsetAndMetadata offset = committed.get(end.getKey());
      long position = offset == null ? 0 : offset.offset();
      if (position < end.getValue().offset()) {
        return false;
      }
    }
    return true;
  }

  /** API and OAuth calls in the window, summed over all apps, as the query API counts them now. */
  private static long countedTraffic() {
    long sum = 0;
    for (AppPlan plan : traffic.apps()) {
      HttpJson.Reply reply = query.get(eligibilityPath(plan.appId()));
      if (reply.status() == 200) {
        sum += reply.body().at("/totals/calls").asLong() + reply.body().at("/totals/oauthCalls").asLong();
      }
    }
    return sum;
  }

  /** Every registered app's latest registration is what the query API serves. */
  private static boolean registrationsVisible() {
    for (AppPlan plan : traffic.apps()) {
      Registration latest = plan.latest();
      if (latest == null) {
        continue;
      }
      HttpJson.Reply reply = query.get("/v1/apps/" + plan.appId());
      if (reply.status() != 200
          || !reply.body().path("description").asText().equals(latest.description())
          || !textList(reply.body().path("permissions")).equals(latest.permissions())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  // --- comparing ---------------------------------------------------------------------------------

  /** Every difference between the oracle and the query API, per app and field. */
  static final class Mismatches {

    record Mismatch(String app, String design, String field, Object expected, Object actual) {

      /** "rules.token-usage.actual" -> "rules.token-usage.actual"; "endpoints[/x].calls" -> "endpoints[].calls". */
      String category() {
        return field.replaceAll("\\[[^]]*]", "[]");
      }
    }

    private final List<Mismatch> all = new ArrayList<>();
    private AppPlan plan;
    private String label;

    boolean isEmpty() {
      return all.isEmpty();
    }

    private void check(String field, Object expected, Object actual) {
      if (!Objects.equals(expected, actual)) {
        all.add(new Mismatch(label, plan.design(), field, expected, actual));
      }
    }

    private void checkNumber(String field, BigDecimal expected, JsonNode actual) {
      boolean same =
          expected == null
              ? actual == null || actual.isNull()
              : actual != null && actual.isNumber() && actual.decimalValue().compareTo(expected) == 0;
      if (!same) {
        all.add(new Mismatch(label, plan.design(), field,
            expected == null ? "null" : expected.toPlainString(), actual == null ? "absent" : actual.toString()));
      }
    }

    /** @param label the app, and the instant asked about unless it is the evaluation instant */
    void compare(AppPlan plan, String label, Expected e, HttpJson.Reply reply) {
      this.plan = plan;
      this.label = label;
      if (reply.status() != 200) {
        check("status", 200, reply.status() + " " + reply.body());
        return;
      }
      JsonNode body = reply.body();
      check("appId", e.appId(), body.path("appId").asText());
      check("eligible", e.eligible(), body.path("eligible").isBoolean() ? body.get("eligible").asBoolean() : body.get("eligible"));
      check("evaluatedAt", e.to(), instant(body.path("evaluatedAt")));
      check("window.from", e.from(), instant(body.at("/window/from")));
      check("window.to", e.to(), instant(body.at("/window/to")));
      for (String total : Oracle.TOTALS) {
        JsonNode value = body.path("totals").get(total);
        check("totals." + total, e.totals().get(total), value != null && value.isIntegralNumber() ? value.asLong() : value);
      }

      Map<String, JsonNode> endpoints = byKey("endpoints", body.path("endpoints"), "endpoint");
      for (String endpoint : union(e.endpoints().keySet(), endpoints.keySet())) {
        String field = "endpoints[" + endpoint + "]";
        EndpointRow want = e.endpoints().get(endpoint);
        JsonNode got = endpoints.get(endpoint);
        if (want == null || got == null) {
          check(field, want == null ? "absent" : want, got == null ? "absent" : got.toString());
          continue;
        }
        check(field + ".calls", want.counts().calls(), got.path("calls").asLong(-1));
        check(field + ".successful", want.counts().successful(), got.path("successful").asLong(-1));
        if (got.has("methods")) {
          // An extension the contract allows; where it is given, it must be exact too.
          Map<String, JsonNode> methods = byKey(field + ".methods", got.get("methods"), "method");
          for (String method : union(want.byMethod().keySet(), methods.keySet())) {
            Counts wantMethod = want.byMethod().get(method);
            JsonNode gotMethod = methods.get(method);
            String methodField = field + ".methods[" + method + "]";
            if (wantMethod == null || gotMethod == null) {
              check(methodField, wantMethod == null ? "absent" : wantMethod, gotMethod == null ? "absent" : gotMethod.toString());
              continue;
            }
            check(methodField + ".calls", wantMethod.calls(), gotMethod.path("calls").asLong(-1));
            check(methodField + ".successful", wantMethod.successful(), gotMethod.path("successful").asLong(-1));
          }
        }
      }

      Map<String, JsonNode> permissions = byKey("permissions", body.path("permissions"), "permission");
      for (String permission : union(e.permissions().keySet(), permissions.keySet())) {
        String field = "permissions[" + permission + "]";
        PermissionRow want = e.permissions().get(permission);
        JsonNode got = permissions.get(permission);
        if (want == null || got == null) {
          check(field, want == null ? "absent" : want, got == null ? "absent" : got.toString());
          continue;
        }
        check(field + ".declared", want.declared(), got.path("declared").asBoolean());
        check(field + ".calls", want.calls(), got.path("calls").asLong(-1));
        check(field + ".successful", want.successful(), got.path("successful").asLong(-1));
      }

      Map<String, JsonNode> rules = byKey("rules", body.path("rules"), "id");
      for (String id : union(e.rules().keySet(), rules.keySet())) {
        String field = "rules." + id;
        RuleRow want = e.rules().get(id);
        JsonNode got = rules.get(id);
        if (want == null || got == null) {
          check(field, want == null ? "absent" : want, got == null ? "absent" : got.toString());
          continue;
        }
        check(field + ".passed", want.passed(), got.path("passed").asBoolean());
        checkNumber(field + ".actual", want.actual(), got.get("actual"));
        checkNumber(field + ".required", want.required(), got.get("required"));
      }
    }

    /** The array's elements by their key field; a key listed twice is itself a mismatch. */
    private Map<String, JsonNode> byKey(String field, JsonNode array, String key) {
      Map<String, JsonNode> out = new LinkedHashMap<>();
      if (!array.isArray()) {
        check(field, "an array", array.toString());
        return out;
      }
      for (JsonNode element : array) {
        String k = element.path(key).asText();
        if (out.put(k, element) != null) {
          check(field + "[" + k + "]", "listed once", "listed twice");
        }
      }
      return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
      Set<String> all = new LinkedHashSet<>(a);
      all.addAll(b);
      return all;
    }

    private static Object instant(JsonNode node) {
      try {
        return Instant.parse(node.asText());
      } catch (RuntimeException e) {
        return node.toString();
      }
    }

    String report(long seed, Instant at) {
      Map<String, Set<String>> appsByCategory = new TreeMap<>();
      for (Mismatch m : all) {
        appsByCategory.computeIfAbsent(m.category(), c -> new LinkedHashSet<>()).add(m.app());
      }
      StringBuilder out = new StringBuilder();
      Set<String> apps = all.stream().map(Mismatch::app).collect(Collectors.toCollection(LinkedHashSet::new));
      out.append(all.size()).append(" differences from the oracle in ").append(apps.size())
          .append(" answers (seed ").append(seed).append(", at ").append(at)
          .append("; rerun with -Doracle.seed=").append(seed).append(" -Doracle.at=").append(at)
          .append(" while that is within 5 days).\nAn answer is app@instant, or just app for at.\nBy field:\n");
      appsByCategory.forEach((category, inApps) ->
          out.append("  ").append(category).append(": ").append(inApps.size()).append(" answers ").append(inApps).append('\n'));
      out.append("Details (answer [design] field: expected / actual):\n");
      int shown = 0;
      for (Mismatch m : all) {
        if (shown++ == 400) {
          out.append("  ... ").append(all.size() - 400).append(" more\n");
          break;
        }
        out.append("  ").append(m.app()).append(" [").append(m.design()).append("] ").append(m.field())
            .append(": expected ").append(m.expected()).append(" / actual ").append(m.actual()).append('\n');
      }
      return out.toString();
    }
  }
}
