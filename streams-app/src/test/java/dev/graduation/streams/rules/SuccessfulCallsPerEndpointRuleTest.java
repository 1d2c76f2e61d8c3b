package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.PRESENCE;
import static dev.graduation.streams.rules.Activities.SMS;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuccessfulCallsPerEndpointRuleTest {

  private static final String ID = "successful-calls-per-endpoint";
  private static final String CALL_LOG_T =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log";
  private static final String PRESENCE_T =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence";
  private static final String SMS_T =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms";

  private final Rule rule = new SuccessfulCallsPerEndpointRule();

  @Test
  void fiveSuccessfulCallsOnEveryEndpointPass() {
    RuleResult result =
        rule.evaluate(window().ok(5, CALL_LOG).ok(7, PRESENCE).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                5L,
                5L,
                "All 2 endpoints called have at least 5 successful calls; the fewest has 5.",
                null));
  }

  @Test
  void fourOnOneEndpointFailAndTheRemedyNamesIt() {
    RuleResult result =
        rule.evaluate(window().ok(4, CALL_LOG).ok(5, PRESENCE).build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                4L,
                5L,
                "1 of the 2 endpoints called has fewer than 5 successful calls; the fewest has 4.",
                "Make 1 more successful call to GET " + CALL_LOG_T + "."));
  }

  @Test
  void noEndpointCalledHoldsWithActualNull() {
    RuleResult result = rule.evaluate(window().build(), RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                null,
                5L,
                "The app called no endpoint in the window, so none is short of 5 successful calls.",
                null));
  }

  @Test
  void oauthCallsAreNoEndpoints() {
    RuleResult result = rule.evaluate(window().tokens(2, 200, TODAY).build(), RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isNull();
  }

  @Test
  void anEndpointCalledOnlyWithErrorsStillNeedsFive() {
    WindowActivity activity =
        window().calls(3, 500, "GET", CALL_LOG).calls(1, 404, "GET", CALL_LOG).build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result)
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                0L,
                5L,
                "The one endpoint called has 0 successful calls, fewer than 5.",
                "Make 5 more successful calls to GET " + CALL_LOG_T + "."));
  }

  @Test
  void theOneEndpointCalledWithEnough() {
    RuleResult result = rule.evaluate(window().ok(7, PRESENCE).build(), RuleConfig.DEFAULTS);

    assertThat(result.message())
        .isEqualTo("The one endpoint called has 7 successful calls, at least 5.");
    assertThat(result.actual()).isEqualTo(7L);
  }

  @Test
  void theRemedyListsEveryShortEndpointInOrderWithItsMostUsedMethod() {
    WindowActivity activity =
        window()
            .ok(4, CALL_LOG)
            .ok(2, PRESENCE)
            .calls(1, 201, "POST", SMS, TODAY)
            .calls(9, 200, "GET", "/restapi/v1.0/account/~/extension/~/greeting/hold-music")
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(1L);
    assertThat(result.message())
        .isEqualTo(
            "3 of the 4 endpoints called have fewer than 5 successful calls; the fewest has 1.");
    assertThat(result.remedy())
        .isEqualTo(
            "Make 1 more successful call to GET "
                + CALL_LOG_T
                + ", 3 more successful calls to GET "
                + PRESENCE_T
                + " and 4 more successful calls to POST "
                + SMS_T
                + ".");
  }

  @Test
  void theMethodToCallIsTheMostUsedOnTheEndpoint() {
    // call-log: 3 DELETEs (one failed) and 1 GET; presence: 2 GETs and 2 PUTs
    WindowActivity activity =
        window()
            .calls(2, 204, "DELETE", CALL_LOG)
            .calls(1, 403, "DELETE", CALL_LOG)
            .ok(1, CALL_LOG)
            .ok(2, PRESENCE)
            .calls(2, 200, "PUT", PRESENCE)
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.remedy())
        .isEqualTo(
            "Make 2 more successful calls to DELETE "
                + CALL_LOG_T
                + " and 1 more successful call to GET "
                + PRESENCE_T
                + ".");
  }

  @Test
  void aTieBetweenMethodsGoesToTheAlphabeticallyFirst() {
    WindowActivity activity = window().calls(1, 200, "PUT", PRESENCE).ok(1, PRESENCE).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS).remedy())
        .isEqualTo("Make 3 more successful calls to GET " + PRESENCE_T + ".");
  }

  @Test
  void generalisedEndpointsCountLikeTemplates() {
    WindowActivity activity = window().ok(5, CALL_LOG).ok(2, "/restapi/v1.0/unknown/42").build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS).remedy())
        .isEqualTo("Make 3 more successful calls to GET /restapi/v1.0/unknown/{id}.");
  }

  @Test
  void theThresholdIsConfiguration() {
    RuleConfig two = new RuleConfig(20, 2, 0.05, 40, 5, 0.5, WindowMode.CALENDAR);

    RuleResult result = rule.evaluate(window().ok(2, CALL_LOG).ok(2, PRESENCE).build(), two);

    assertThat(result.passed()).isTrue();
    assertThat(result.required()).isEqualTo(2L);
    assertThat(result.message())
        .isEqualTo("All 2 endpoints called have at least 2 successful calls; the fewest has 2.");
  }
}
