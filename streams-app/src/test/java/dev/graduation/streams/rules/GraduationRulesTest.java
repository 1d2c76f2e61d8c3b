package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.CALL_LOG_TEMPLATE;
import static dev.graduation.streams.rules.Activities.FORTY_CHARS;
import static dev.graduation.streams.rules.Activities.PRESENCE;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.YESTERDAY;
import static dev.graduation.streams.rules.Activities.todayAt;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.rules.GraduationRules.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraduationRulesTest {

  private static final List<Rule> RULES = GraduationRules.forCatalog(EndpointCatalog.load());

  /** Contract section 1: call-log 3 + 2 and presence 3 + 12 successful calls, yesterday + today. */
  private static Activities.Builder seedExample() {
    return window()
        .calls(3, 200, "GET", CALL_LOG, YESTERDAY)
        .calls(3, 200, "GET", PRESENCE, YESTERDAY)
        .calls(2, 200, "GET", CALL_LOG, TODAY)
        .calls(12, 200, "GET", PRESENCE, TODAY)
        .tokens(1, 200, YESTERDAY)
        .tokens(1, 200, TODAY)
        .registered(FORTY_CHARS, "ReadCallLog", "ReadPresence");
  }

  @Test
  void allSevenRulesInContractOrder() {
    assertThat(RULES)
        .extracting(Rule::id)
        .containsExactly(
            "total-successful-calls",
            "successful-calls-per-endpoint",
            "client-error-rate",
            "no-throttling",
            "permissions-exercised",
            "token-usage",
            "app-description");
  }

  @Test
  void theSeedExamplePassesBothCallCountRules() {
    Verdict verdict = GraduationRules.evaluate(seedExample().build(), RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.rule("total-successful-calls"))
        .isEqualTo(
            new RuleResult(
                "total-successful-calls",
                true,
                20L,
                20L,
                "The app made 20 successful API calls in the window and needs at least 20.",
                null));
    assertThat(verdict.rule("successful-calls-per-endpoint"))
        .isEqualTo(
            new RuleResult(
                "successful-calls-per-endpoint",
                true,
                5L,
                5L,
                "All 2 endpoints called have at least 5 successful calls; the fewest has 5.",
                null));
    assertThat(verdict.rules()).extracting(RuleResult::passed).containsOnly(true);
    assertThat(verdict.eligible()).isTrue();
  }

  @Test
  void oneCallLogCallFewerFailsPerEndpointAndNamesCallLog() {
    WindowActivity activity =
        window()
            .calls(3, 200, "GET", CALL_LOG, YESTERDAY)
            .calls(3, 200, "GET", PRESENCE, YESTERDAY)
            .calls(1, 200, "GET", CALL_LOG, TODAY)
            .calls(12, 200, "GET", PRESENCE, TODAY)
            .registered(FORTY_CHARS, "ReadCallLog", "ReadPresence")
            .build();

    Verdict verdict = GraduationRules.evaluate(activity, RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.eligible()).isFalse();
    assertThat(verdict.rule("successful-calls-per-endpoint"))
        .isEqualTo(
            new RuleResult(
                "successful-calls-per-endpoint",
                false,
                4L,
                5L,
                "1 of the 2 endpoints called has fewer than 5 successful calls; the fewest has 4.",
                "Make 1 more successful call to GET " + CALL_LOG_TEMPLATE + "."));
    assertThat(verdict.rule("total-successful-calls").remedy())
        .isEqualTo("Make 1 more successful API call; OAuth calls do not count.");
    assertThat(verdict.rules())
        .filteredOn(r -> !r.passed())
        .extracting(RuleResult::id)
        .containsExactly("total-successful-calls", "successful-calls-per-endpoint");
  }

  @Test
  void anOauth429FailsOnlyNoThrottlingAndTokenUsage() {
    Verdict verdict =
        GraduationRules.evaluate(seedExample().tokens(1, 429, todayAt(8)).build(), RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.eligible()).isFalse();
    assertThat(verdict.rules())
        .filteredOn(r -> !r.passed())
        .extracting(RuleResult::id)
        .containsExactly("no-throttling", "token-usage");
    assertThat(verdict.rule("client-error-rate").actual()).isEqualTo(0.0);
  }

  @Test
  void withoutARegistrationThePermissionAndDescriptionRulesFail() {
    WindowActivity activity =
        window()
            .calls(5, 200, "GET", CALL_LOG, YESTERDAY)
            .calls(15, 200, "GET", PRESENCE, TODAY)
            .build();

    Verdict verdict = GraduationRules.evaluate(activity, RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.rules())
        .filteredOn(r -> !r.passed())
        .extracting(RuleResult::id, RuleResult::remedy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "permissions-exercised",
                "Register the app with PUT /v1/apps/{appId}, listing the permissions it uses."),
            org.assertj.core.groups.Tuple.tuple(
                "app-description",
                "Register the app with PUT /v1/apps/{appId} and a description of at least 40"
                    + " characters."));
  }

  @Test
  void thePermissionsRemedySuggestsACallFromTheCatalog() {
    WindowActivity activity = seedExample().registered(FORTY_CHARS, "ReadCallLog", "SMS").build();

    Verdict verdict = GraduationRules.evaluate(activity, RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.rule("permissions-exercised").remedy())
        .isEqualTo(
            "Make a successful call that exercises SMS (for example POST"
                + " /restapi/v1.0/account/{accountId}/extension/{extensionId}/sms), or remove it"
                + " from the app's registration.");
  }

  @Test
  void anEmptyWindowFailsOnlyTheCallCountAndNothingElse() {
    Verdict verdict =
        GraduationRules.evaluate(window().registered(FORTY_CHARS).build(), RuleConfig.DEFAULTS, RULES);

    assertThat(verdict.rules())
        .filteredOn(r -> !r.passed())
        .extracting(RuleResult::id)
        .containsExactly("total-successful-calls");
    assertThat(verdict.rule("successful-calls-per-endpoint").actual()).isNull();
  }
}
