package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TotalSuccessfulCallsRuleTest {

  private static final String ID = "total-successful-calls";
  private final Rule rule = new TotalSuccessfulCallsRule();

  @Test
  void exactlyTwentySuccessfulCallsPass() {
    RuleResult result = rule.evaluate(window().ok(20, CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                20L,
                20L,
                "The app made 20 successful API calls in the window and needs at least 20.",
                null));
  }

  @Test
  void nineteenFailWithTheMissingCount() {
    RuleResult result =
        rule.evaluate(
            window().ok(19, CALL_LOG).calls(1, 404, "GET", CALL_LOG).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                19L,
                20L,
                "The app made 19 successful API calls in the window and needs at least 20.",
                "Make 1 more successful API call; OAuth calls do not count."));
  }

  @Test
  void oauthCallsNeverCount() {
    WindowActivity activity =
        window()
            .ok(8, CALL_LOG)
            .tokens(12, 200, TODAY)
            .calls(3, 200, "POST", Activities.WSTOKEN)
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo(8L);
    assertThat(result.remedy())
        .isEqualTo("Make 12 more successful API calls; OAuth calls do not count.");
  }

  @Test
  void anAppWithoutCallsNeedsAllTwenty() {
    RuleResult result = rule.evaluate(window().build(), RuleConfig.DEFAULTS);

    assertThat(result.message())
        .isEqualTo("The app made 0 successful API calls in the window and needs at least 20.");
    assertThat(result.remedy())
        .isEqualTo("Make 20 more successful API calls; OAuth calls do not count.");
  }

  @Test
  void theThresholdIsConfiguration() {
    RuleConfig three = new RuleConfig(3, 5, 0.05, 40, 5, 0.5, WindowMode.CALENDAR);

    RuleResult result = rule.evaluate(window().ok(1, CALL_LOG).build(), three);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                1L,
                3L,
                "The app made 1 successful API call in the window and needs at least 3.",
                "Make 2 more successful API calls; OAuth calls do not count."));
  }
}
