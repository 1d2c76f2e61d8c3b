package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientErrorRateRuleTest {

  private static final String ID = "client-error-rate";
  private final Rule rule = new ClientErrorRateRule();

  @Test
  void exactlyFivePercentFails() {
    RuleResult result =
        rule.evaluate(
            window().ok(19, CALL_LOG).calls(1, 404, "GET", CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                0.05,
                0.05,
                "1 of 20 API calls (5%) got a 4xx response; the rate must stay below 5%.",
                "Make 1 more successful API call (or 1 fewer call that gets a 4xx response) to"
                    + " bring the 4xx rate below 5%."));
  }

  @Test
  void justUnderFivePercentPasses() {
    RuleResult result =
        rule.evaluate(
            window().ok(20, CALL_LOG).calls(1, 404, "GET", CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                0.0476,
                0.05,
                "1 of 21 API calls (4.76%) got a 4xx response; the rate must stay below 5%.",
                null));
  }

  @Test
  void theActualFractionIsRoundedToFourDecimals() {
    RuleResult result =
        rule.evaluate(
            window().ok(29, CALL_LOG).calls(1, 400, "GET", CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(0.0333);
    assertThat(result.message())
        .isEqualTo("1 of 30 API calls (3.33%) got a 4xx response; the rate must stay below 5%.");
  }

  @Test
  void noApiCallsHoldsWithRateZero() {
    RuleResult result = rule.evaluate(window().build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                0.0,
                0.05,
                "The app made no API call in the window, so its 4xx rate is 0%.",
                null));
  }

  @Test
  void oauthErrorsAreOnNeitherSide() {
    WindowActivity activity = window().ok(19, CALL_LOG).tokens(5, 400, TODAY).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(0.0);
    assertThat(result.message())
        .isEqualTo("0 of 19 API calls (0%) got a 4xx response; the rate must stay below 5%.");
  }

  @Test
  void a429CountsAsA4xx() {
    RuleResult result =
        rule.evaluate(
            window().ok(19, CALL_LOG).calls(1, 429, "GET", CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo(0.05);
  }

  @Test
  void serverErrorsAndRedirectsAreCallsButNot4xx() {
    WindowActivity activity =
        window()
            .ok(17, CALL_LOG)
            .calls(1, 503, "GET", CALL_LOG)
            .calls(1, 304, "GET", CALL_LOG)
            .calls(1, 404, "GET", CALL_LOG)
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isFalse();
    assertThat(result.message())
        .isEqualTo("1 of 20 API calls (5%) got a 4xx response; the rate must stay below 5%.");
  }

  @Test
  void theRemedyCountsTheCallsThatBringTheRateUnder() {
    // 3 of 40 = 7.5 %: 3 / 61 < 5 % needs 21 more calls; 1 of 40 < 5 % needs 2 fewer errors
    WindowActivity activity = window().ok(37, CALL_LOG).calls(3, 403, "GET", CALL_LOG).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(0.075);
    assertThat(result.remedy())
        .isEqualTo(
            "Make 21 more successful API calls (or 2 fewer calls that get a 4xx response) to bring"
                + " the 4xx rate below 5%.");
  }

  @Test
  void comparesInDecimalWhereDoublesWouldRoundTheWrongWay() {
    // 0.07 * 100 is 7.000000000000001 in double arithmetic: 7 errors would wrongly pass
    RuleConfig sevenPercent = new RuleConfig(20, 5, 0.07, 40, 5, 0.5, WindowMode.CALENDAR);
    WindowActivity activity = window().ok(93, CALL_LOG).calls(7, 404, "GET", CALL_LOG).build();

    RuleResult result = rule.evaluate(activity, sevenPercent);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                0.07,
                0.07,
                "7 of 100 API calls (7%) got a 4xx response; the rate must stay below 7%.",
                "Make 1 more successful API call (or 1 fewer call that gets a 4xx response) to"
                    + " bring the 4xx rate below 7%."));
  }
}
