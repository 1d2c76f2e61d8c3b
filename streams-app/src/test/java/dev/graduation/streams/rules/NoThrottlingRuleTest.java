package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoThrottlingRuleTest {

  private static final String ID = "no-throttling";
  private static final String REMEDY =
      "Stay under the rate limits of each throttling group: spread the calls out and, after a 429,"
          + " wait as long as its Retry-After header says before calling again.";

  private final Rule rule = new NoThrottlingRule();

  @Test
  void no429Passes() {
    WindowActivity activity =
        window()
            .ok(20, CALL_LOG)
            .calls(2, 404, "GET", CALL_LOG)
            .calls(1, 503, "GET", CALL_LOG)
            .build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID, true, 0L, 0L, "No call got 429 Too Many Requests in the window.", null));
  }

  @Test
  void oneApi429Fails() {
    WindowActivity activity = window().ok(20, CALL_LOG).calls(1, 429, "GET", CALL_LOG).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                1L,
                0L,
                "1 call got 429 Too Many Requests in the window (1 API call and 0 OAuth calls).",
                REMEDY));
  }

  @Test
  void anOauth429AloneFails() {
    WindowActivity activity = window().ok(20, CALL_LOG).tokens(1, 429, TODAY).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                1L,
                0L,
                "1 call got 429 Too Many Requests in the window (0 API calls and 1 OAuth call).",
                REMEDY));
  }

  @Test
  void actualCountsApiAndOauth429s() {
    WindowActivity activity =
        window().calls(2, 429, "GET", CALL_LOG).calls(1, 429, "POST", Activities.WSTOKEN).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(3L);
    assertThat(result.message())
        .isEqualTo(
            "3 calls got 429 Too Many Requests in the window (2 API calls and 1 OAuth call).");
  }
}
