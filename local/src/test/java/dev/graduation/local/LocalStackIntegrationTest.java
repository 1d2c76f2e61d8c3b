package dev.graduation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `./run-local` starts: every demo app shows the verdict the README promises, and a restart
 * of the whole stack on the same data keeps every count, answering 503 (never a wrong number)
 * while state is restored.
 */
@Tag("integration")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIntegrationTest {

  @TempDir static Path dataDir;
  private static final int KAFKA_PORT = freePort();
  private static final int CONTROLLER_PORT = freePort();
  private static final Map<String, JsonNode> TOTALS_BEFORE_RESTART = new LinkedHashMap<>();

  private static LocalStack stack(boolean demo) {
    LocalStack stack = new LocalStack();
    stack.dataDir = dataDir;
    stack.kafkaPort = KAFKA_PORT;
    stack.controllerPort = CONTROLLER_PORT;
    stack.registryPort = 0;
    stack.ingestPort = 0;
    stack.queryPort = 0;
    stack.ingestToken = "ingest-token";
    stack.queryToken = "query-token";
    stack.noDemo = !demo;
    return stack;
  }

  private static List<String> failedRules(JsonNode eligibility) {
    List<String> failed = new ArrayList<>();
    eligibility.get("rules").forEach(rule -> {
      if (!rule.get("passed").asBoolean()) {
        failed.add(rule.get("id").asText());
      }
    });
    return failed;
  }

  /** What the README promises of each demo app: the rules it fails. */
  private static Map<String, List<String>> expectedFailures() {
    Map<String, List<String>> expectedFailures = new LinkedHashMap<>();
    expectedFailures.put("demo-eligible", List.of());
    expectedFailures.put("demo-few-calls", List.of("total-successful-calls", "successful-calls-per-endpoint"));
    expectedFailures.put("demo-client-errors", List.of("client-error-rate"));
    expectedFailures.put("demo-throttled", List.of("no-throttling"));
    expectedFailures.put("demo-token-storm", List.of("token-usage"));
    expectedFailures.put("demo-unregistered", List.of("permissions-exercised", "app-description"));
    expectedFailures.put("demo-unused-permission", List.of("permissions-exercised", "app-description"));
    assertThat(expectedFailures.keySet()).containsExactlyElementsOf(DemoTraffic.APPS.keySet());
    return expectedFailures;
  }

  @Test
  @Order(1)
  void everyDemoAppShowsWhatTheReadmeSays() throws Exception {
    Map<String, List<String>> expectedFailures = expectedFailures();

    LocalStack stack = stack(true);
    try {
      stack.start();
      for (Map.Entry<String, List<String>> app : expectedFailures.entrySet()) {
        JsonNode eligibility =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () -> Http.get(stack.queryUrl() + "/v1/apps/" + app.getKey() + "/eligibility", "query-token"),
                    reply -> reply.status() == 200 && failedRules(reply.body()).equals(app.getValue()))
                .body();
        assertThat(eligibility.get("eligible").asBoolean()).as(app.getKey()).isEqualTo(app.getValue().isEmpty());
      }
      // demo-eligible gets live calls all the time; every other demo app's numbers are fixed.
      for (String app : expectedFailures.keySet()) {
        if (!app.equals("demo-eligible")) {
          TOTALS_BEFORE_RESTART.put(
              app, Http.get(stack.queryUrl() + "/v1/apps/" + app + "/eligibility", "query-token").body().get("totals"));
        }
      }
    } finally {
      stack.stop();
    }
  }

  /**
   * The restart is the user's: `./run-local` again with its defaults, demo traffic included.
   * Seen failing on purpose: restarted on a fresh data dir (everything lost), demo-few-calls
   * answered 503 while starting, then 404 until the deadline; and with the demo history posted
   * again at every start (the code before DemoSeedMarker), demo-few-calls went from 12 to 24
   * calls.
   */
  @Test
  @Order(2)
  void aRestartKeepsEveryCountAndNeverAnswersAWrongNumber() throws Exception {
    assertThat(TOTALS_BEFORE_RESTART).hasSize(DemoTraffic.APPS.size() - 1);
    LocalStack stack = stack(true);
    try {
      stack.start();
      for (Map.Entry<String, JsonNode> app : TOTALS_BEFORE_RESTART.entrySet()) {
        List<Integer> statuses = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> {
              Http.Reply reply = Http.get(stack.queryUrl() + "/v1/apps/" + app.getKey() + "/eligibility", "query-token");
              statuses.add(reply.status());
              // While state is restored the answer is 503; once it is 200, it must be the same numbers.
              assertThat(reply.status()).as(app.getKey() + " answered " + statuses).isIn(200, 503);
              if (reply.status() == 200) {
                assertThat(reply.body().get("totals")).as(app.getKey()).isEqualTo(app.getValue());
              } else {
                assertThat(reply.raw().headers().firstValue("Retry-After")).contains("1");
                throw new AssertionError("still restoring");
              }
            });
      }
    } finally {
      stack.stop();
    }
  }

  /**
   * {@code ./run-local --instances 3} on the same data: each instance answers every demo app as
   * the README says, lists all of them and serves the dashboard, whichever of the three owns the
   * app. (Not yet seen failing on purpose; the routing itself is, in ScaleOutIntegrationTest.)
   */
  @Test
  @Order(3)
  void threeInstancesAnswerEveryDemoAppFromAnyOfThem() throws Exception {
    LocalStack stack = stack(true);
    stack.instances = 3;
    try {
      stack.start();
      assertThat(stack.queryUrls()).hasSize(3).doesNotHaveDuplicates();
      for (String queryUrl : stack.queryUrls()) {
        for (Map.Entry<String, List<String>> app : expectedFailures().entrySet()) {
          await(app.getKey() + " from " + queryUrl)
              .atMost(Duration.ofSeconds(90))
              .until(
                  () -> Http.get(queryUrl + "/v1/apps/" + app.getKey() + "/eligibility", "query-token"),
                  reply -> reply.status() == 200 && failedRules(reply.body()).equals(app.getValue()));
        }
        await("the apps listed by " + queryUrl)
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> {
              Http.Reply page = Http.get(queryUrl + "/v1/apps", "query-token");
              assertThat(page.status()).isEqualTo(200);
              List<String> listed = new ArrayList<>();
              page.body().get("apps").forEach(a -> listed.add(a.get("appId").asText()));
              assertThat(listed).containsExactlyElementsOf(new TreeSet<>(DemoTraffic.APPS.keySet()));
            });
        assertThat(Http.get(queryUrl + "/", "query-token").status()).isEqualTo(200);
      }
    } finally {
      stack.stop();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
