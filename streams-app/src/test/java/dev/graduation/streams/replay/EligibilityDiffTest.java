package dev.graduation.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Seen failing with numbers compared as JSON nodes: {@code equalAnswers...} reported
 * "rules["client-error-rate"].actual: 0.0 -> 0" as a difference.
 */
class EligibilityDiffTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String ANSWER = """
      {"appId":"a","eligible":%s,"totals":{"calls":%d,"successful":40},
       "endpoints":[{"endpoint":"GET /x","calls":%d,"successful":20},{"endpoint":"GET /y","calls":20,"successful":20}],
       "permissions":[{"permission":"P","declared":true,"calls":40,"successful":40}],
       "rules":[{"id":"total-successful-calls","passed":true,"actual":40,"required":20,"message":"m1","remedy":null},
                {"id":"client-error-rate","passed":%s,"actual":%s,"required":0.05,"message":"%s","remedy":null}]}""";

  private static JsonNode answer(boolean eligible, long calls, long xCalls, boolean ratePassed, String rate, String message)
      throws Exception {
    return JSON.readTree(ANSWER.formatted(eligible, calls, xCalls, ratePassed, rate, message));
  }

  @Test
  void equalAnswersDoNotDifferWhateverTheirMessagesOrNumberForms() throws Exception {
    assertThat(EligibilityDiff.compare("a", answer(true, 40, 20, true, "0.0", "one"), answer(true, 40, 20, true, "0", "two")))
        .isEmpty();
  }

  @Test
  void aVerdictChangeNamesTheFirstDifferingRuleAndBothValues() throws Exception {
    AppDifference diff =
        EligibilityDiff.compare("a", answer(true, 40, 20, true, "0.01", "m"), answer(false, 40, 20, false, "0.07", "m"))
            .orElseThrow();
    assertThat(JSON.writeValueAsString(diff)).isEqualTo("""
        {"appId":"a","eligible":{"live":true,"replayed":false},\
        "firstRule":{"id":"client-error-rate","passed":{"live":true,"replayed":false},"actual":{"live":0.01,"replayed":0.07}},\
        "firstField":{"path":"eligible","live":true,"replayed":false}}""");
    assertThat(diff.describe()).isEqualTo(
        "a: eligible true -> false; rule client-error-rate passed true -> false, actual 0.01 -> 0.07;"
            + " first difference eligible: true -> false");
  }

  @Test
  void countsThatDifferUnderTheSameVerdictAreNamedByPath() throws Exception {
    AppDifference diff =
        EligibilityDiff.compare("a", answer(true, 40, 20, true, "0", "m"), answer(true, 41, 21, true, "0", "m")).orElseThrow();
    assertThat(diff.firstRule()).isNull();
    assertThat(diff.firstField().path()).isEqualTo("totals.calls");
    assertThat(diff.firstField().live().asLong()).isEqualTo(40);
    assertThat(diff.firstField().replayed().asLong()).isEqualTo(41);
  }

  @Test
  void anEndpointOnlyOneSideHasIsNullOnTheOther() throws Exception {
    JsonNode live = answer(true, 40, 20, true, "0", "m");
    JsonNode replayed = live.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) replayed.path("endpoints").get(0)).put("endpoint", "GET /z");
    AppDifference diff = EligibilityDiff.compare("a", live, replayed).orElseThrow();
    assertThat(JSON.writeValueAsString(diff.firstField()))
        .isEqualTo("{\"path\":\"endpoints[\\\"GET /x\\\"].calls\",\"live\":20,\"replayed\":null}");
  }

  @Test
  void anAppOnlyOneSideKnows() throws Exception {
    AppDifference diff = EligibilityDiff.compare("a", null, answer(false, 1, 1, true, "0", "m")).orElseThrow();
    assertThat(diff.describe()).isEqualTo("a: eligible none -> false; first difference app: \"unknown\" -> \"known\"");
    assertThat(EligibilityDiff.compare("a", null, null)).isEmpty();
  }
}
