package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.todayAt;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenUsageRuleTest {

  private static final String ID = "token-usage";
  private static final String LIMIT = "more than 5 token requests at 0.5 or more per API call";
  private static final String REUSE =
      ": reuse each access token for its hour and renew it with the refresh token instead of"
          + " logging in again";
  private static final String BACK_OFF =
      "after a 429 from the OAuth endpoints, back off for as long as Retry-After says before"
          + " asking for a token again";

  private final Rule rule = new TokenUsageRule();

  @Test
  void sixTokenRequestsForTwelveApiCallsInOneHourFail() {
    WindowActivity activity =
        window().tokens(6, 200, todayAt(8)).calls(12, 200, "GET", CALL_LOG, todayAt(8)).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                6L,
                5L,
                "1 UTC hour had " + LIMIT + ", and no OAuth call got 429 Too Many Requests.",
                "In the hour from 2026-01-06T08:00:00Z the app made 6 token requests for 12 API"
                    + " calls (ratio 0.5)"
                    + REUSE
                    + "."));
  }

  @Test
  void sixTokenRequestsForThirteenApiCallsPass() {
    WindowActivity activity =
        window().tokens(6, 200, todayAt(8)).calls(13, 200, "GET", CALL_LOG, todayAt(8)).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                6L,
                5L,
                "The busiest UTC hour had 6 token requests, no hour had "
                    + LIMIT
                    + ", and no OAuth call got 429 Too Many Requests.",
                null));
  }

  @Test
  void fiveTokenRequestsPassEvenWithoutApiCalls() {
    WindowActivity activity = window().tokens(5, 200, todayAt(8)).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(5L);
  }

  @Test
  void anHourWithoutApiCallsHasAnInfiniteRatio() {
    WindowActivity activity =
        window().tokens(6, 200, todayAt(3)).calls(100, 200, "GET", CALL_LOG, todayAt(4)).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS).remedy())
        .isEqualTo(
            "In the hour from 2026-01-06T03:00:00Z the app made 6 token requests and no API call"
                + " (ratio infinite)"
                + REUSE
                + ".");
  }

  @Test
  void tokenRequestsCountWhateverTheirStatus() {
    WindowActivity activity =
        window().tokens(3, 200, todayAt(8)).tokens(3, 400, todayAt(8)).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo(6L);
  }

  @Test
  void theRemedyNamesTheBreachingHourWithTheHighestRatio() {
    WindowActivity activity =
        window()
            .tokens(12, 200, todayAt(3))
            .calls(20, 200, "GET", CALL_LOG, todayAt(3)) // 0.6
            .tokens(8, 200, todayAt(5))
            .calls(10, 200, "GET", CALL_LOG, todayAt(5)) // 0.8: the worst
            .tokens(2, 200, todayAt(7)) // infinite, but within the hourly limit
            .tokens(7, 200, todayAt(9))
            .calls(20, 200, "GET", CALL_LOG, todayAt(9)) // 0.35: within the ratio
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(12L);
    assertThat(result.message())
        .isEqualTo("2 UTC hours had " + LIMIT + ", and no OAuth call got 429 Too Many Requests.");
    assertThat(result.remedy())
        .isEqualTo(
            "In the hour from 2026-01-06T05:00:00Z the app made 8 token requests for 10 API calls"
                + " (ratio 0.8)"
                + REUSE
                + ".");
  }

  @Test
  void onATieTheEarliestHourIsNamedAndTheRatioIsRounded() {
    WindowActivity activity =
        window()
            .tokens(7, 200, todayAt(2))
            .calls(3, 200, "GET", CALL_LOG, todayAt(2))
            .tokens(14, 200, todayAt(6))
            .calls(6, 200, "GET", CALL_LOG, todayAt(6))
            .build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS).remedy())
        .isEqualTo(
            "In the hour from 2026-01-06T02:00:00Z the app made 7 token requests for 3 API calls"
                + " (ratio 2.33)"
                + REUSE
                + ".");
  }

  @Test
  void anOauth429FailsOnItsOwn() {
    WindowActivity activity =
        window().tokens(1, 200, todayAt(7)).tokens(1, 429, todayAt(8)).ok(20, CALL_LOG).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                1L,
                5L,
                "No UTC hour had " + LIMIT + ", and 1 OAuth call got 429 Too Many Requests.",
                "After a 429 from the OAuth endpoints, back off for as long as Retry-After says"
                    + " before asking for a token again."));
  }

  @Test
  void bothFailuresShareOneRemedy() {
    WindowActivity activity =
        window().tokens(4, 200, todayAt(8)).tokens(2, 429, todayAt(8)).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.message())
        .isEqualTo("1 UTC hour had " + LIMIT + ", and 2 OAuth calls got 429 Too Many Requests.");
    assertThat(result.remedy())
        .isEqualTo(
            "In the hour from 2026-01-06T08:00:00Z the app made 6 token requests and no API call"
                + " (ratio infinite)"
                + REUSE
                + ", and "
                + BACK_OFF
                + ".");
  }

  @Test
  void anApi429IsNotThisRulesBusiness() {
    WindowActivity activity = window().calls(3, 429, "GET", CALL_LOG, todayAt(8)).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(0L);
  }

  @Test
  void bothThresholdsAreConfiguration() {
    RuleConfig strict = new RuleConfig(20, 5, 0.05, 40, 2, 0.25, WindowMode.CALENDAR);
    WindowActivity activity =
        window().tokens(3, 200, todayAt(8)).calls(12, 200, "GET", CALL_LOG, todayAt(8)).build();

    RuleResult result = rule.evaluate(activity, strict);

    assertThat(result.passed()).isFalse();
    assertThat(result.required()).isEqualTo(2L);
    assertThat(result.message())
        .isEqualTo(
            "1 UTC hour had more than 2 token requests at 0.25 or more per API call, and no OAuth"
                + " call got 429 Too Many Requests.");
  }
}
