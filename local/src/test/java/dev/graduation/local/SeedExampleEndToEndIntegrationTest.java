package dev.graduation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.embedded.KafkaStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's worked example, end to end: HTTP ingest, the embedded broker, the topology and
 * the query HTTP API. Endpoints call-log and presence; 3 + 3 successful calls yesterday, 2 + 12
 * today: per endpoint 5 and 15, total 20, both call-count rules pass.
 */
@Tag("integration")
@Timeout(180)
class SeedExampleEndToEndIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String INGEST_TOKEN = "gateway-token";
  private static final String QUERY_TOKEN = "dashboard-token";
  private static final String CALL_LOG = SeedExample.CALL_LOG;

  @TempDir static Path stateDir;
  private static TestPipeline pipeline;
  private static String ingestUrl;
  private static String queryUrl;

  @BeforeAll
  static void start() {
    pipeline = TestPipeline.start(KAFKA, "seed-e2e", stateDir, INGEST_TOKEN, QUERY_TOKEN);
    ingestUrl = pipeline.ingestUrl();
    queryUrl = pipeline.queryUrl();
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static List<Map<String, Object>> seed(String app, int callLogToday) {
    return SeedExample.events(app, callLogToday);
  }

  private static JsonNode eligibilityAfter(String app, int calls) {
    return SeedExample.eligibilityAfter(queryUrl, QUERY_TOKEN, app, calls);
  }

  private static JsonNode rule(JsonNode eligibility, String id) {
    for (JsonNode rule : eligibility.get("rules")) {
      if (rule.get("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id + " in " + eligibility);
  }

  @Test
  void seedExamplePassesTheCallCountRules() {
    Http.Reply posted = Http.post(ingestUrl + "/v1/events", INGEST_TOKEN, seed("seed-app", 2));
    assertThat(posted.status()).isEqualTo(202);
    assertThat(posted.body()).isEqualTo(Http.json("{\"accepted\": 20, \"rejected\": []}"));

    JsonNode eligibility = eligibilityAfter("seed-app", 20);

    assertThat(eligibility.get("endpoints")).isEqualTo(SeedExample.endpoints());
    assertThat(rule(eligibility, "total-successful-calls")).isEqualTo(Http.json("""
        {"id": "total-successful-calls", "passed": true, "actual": 20, "required": 20,
         "message": "The app made 20 successful API calls in the window and needs at least 20.", "remedy": null}
        """));
    assertThat(rule(eligibility, "successful-calls-per-endpoint")).isEqualTo(Http.json("""
        {"id": "successful-calls-per-endpoint", "passed": true, "actual": 5, "required": 5,
         "message": "All 2 endpoints called have at least 5 successful calls; the fewest has 5.", "remedy": null}
        """));
  }

  @Test
  void oneCallLogCallLessFailsThePerEndpointRuleWithARemedyNamingCallLog() {
    assertThat(Http.post(ingestUrl + "/v1/events", INGEST_TOKEN, seed("short-app", 1)).status()).isEqualTo(202);

    JsonNode eligibility = eligibilityAfter("short-app", 19);

    assertThat(rule(eligibility, "successful-calls-per-endpoint")).isEqualTo(Http.json("""
        {"id": "successful-calls-per-endpoint", "passed": false, "actual": 4, "required": 5,
         "message": "1 of the 2 endpoints called has fewer than 5 successful calls; the fewest has 4.",
         "remedy": "Make 1 more successful call to GET %s."}
        """.formatted(CALL_LOG)));
    assertThat(rule(eligibility, "total-successful-calls").get("remedy").asText())
        .isEqualTo("Make 1 more successful API call; OAuth calls do not count.");
    assertThat(eligibility.get("eligible").asBoolean()).isFalse();
  }

  @Test
  void aRegisteredAppThatMeetsEveryRuleIsEligible() {
    Map<String, Object> registration =
        Map.of(
            "name", "CRM sync",
            "description", "Synchronises call logs and presence into our customers' CRM.",
            "permissions", List.of("ReadCallLog", "ReadPresence"));
    assertThat(Http.put(ingestUrl + "/v1/apps/good-app", INGEST_TOKEN, registration).status()).isEqualTo(201);
    assertThat(Http.post(ingestUrl + "/v1/events", INGEST_TOKEN, seed("good-app", 2)).status()).isEqualTo(202);

    JsonNode eligibility =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> eligibilityAfter("good-app", 20),
                e -> e.get("permissions").size() == 2 && e.get("eligible").asBoolean());

    assertThat(eligibility.get("permissions")).isEqualTo(Http.json("""
        [{"permission": "ReadCallLog", "declared": true, "calls": 5, "successful": 5},
         {"permission": "ReadPresence", "declared": true, "calls": 15, "successful": 15}]
        """));
    Http.Reply stored = Http.get(queryUrl + "/v1/apps/good-app", QUERY_TOKEN);
    assertThat(stored.status()).isEqualTo(200);
    assertThat(stored.body().get("permissions")).isEqualTo(Http.json("[\"ReadCallLog\", \"ReadPresence\"]"));
  }
}
