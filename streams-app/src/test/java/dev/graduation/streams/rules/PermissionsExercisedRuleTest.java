package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.CALL_LOG;
import static dev.graduation.streams.rules.Activities.FORTY_CHARS;
import static dev.graduation.streams.rules.Activities.PRESENCE;
import static dev.graduation.streams.rules.Activities.TODAY;
import static dev.graduation.streams.rules.Activities.WSTOKEN;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionsExercisedRuleTest {

  private static final String ID = "permissions-exercised";

  private final Rule rule =
      new PermissionsExercisedRule(
          Map.of(
              "ReadPresence",
                  "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/presence",
              "SMS", "POST /restapi/v1.0/account/{accountId}/extension/{extensionId}/sms"));

  @Test
  void everyDeclaredPermissionExercisedPasses() {
    WindowActivity activity =
        window()
            .ok(1, CALL_LOG)
            .ok(1, PRESENCE)
            .registered(FORTY_CHARS, "ReadCallLog", "ReadPresence")
            .build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                2L,
                2L,
                "The app exercised 2 of its 2 declared permissions with a successful call in the"
                    + " window.",
                null));
  }

  @Test
  void anUnusedPermissionFailsAndTheRemedyGivesAnExampleCall() {
    WindowActivity activity =
        window()
            .ok(5, CALL_LOG)
            .calls(3, 403, "GET", PRESENCE) // failed calls exercise nothing
            .registered(FORTY_CHARS, "ReadCallLog", "ReadPresence")
            .build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                1L,
                2L,
                "The app exercised 1 of its 2 declared permissions with a successful call in the"
                    + " window.",
                "Make a successful call that exercises ReadPresence (for example GET"
                    + " /restapi/v1.0/account/{accountId}/extension/{extensionId}/presence), or"
                    + " remove it from the app's registration."));
  }

  @Test
  void severalUnusedPermissionsAreListedInDeclarationOrder() {
    WindowActivity activity =
        window().registered(FORTY_CHARS, "SMS", "ReadCallLog", "ReadPresence").build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(0L);
    assertThat(result.required()).isEqualTo(3L);
    assertThat(result.remedy())
        .isEqualTo(
            "Make a successful call that exercises each of SMS (for example POST"
                + " /restapi/v1.0/account/{accountId}/extension/{extensionId}/sms), ReadCallLog and"
                + " ReadPresence (for example GET"
                + " /restapi/v1.0/account/{accountId}/extension/{extensionId}/presence), or remove"
                + " them from the app's registration.");
  }

  @Test
  void withoutExamplesTheRemedyNamesThePermissions() {
    WindowActivity activity = window().registered(FORTY_CHARS, "ReadPresence").build();

    assertThat(new PermissionsExercisedRule().evaluate(activity, RuleConfig.DEFAULTS).remedy())
        .isEqualTo(
            "Make a successful call that exercises ReadPresence, or remove it from the app's"
                + " registration.");
  }

  @Test
  void noImpliedPermissions() {
    // DELETE call-log exercises EditCallLog, which "includes" ReadCallLog in the guide, not here
    WindowActivity activity =
        window().calls(5, 204, "DELETE", CALL_LOG).registered(FORTY_CHARS, "ReadCallLog").build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isFalse();
    assertThat(result.actual()).isEqualTo(0L);
  }

  @Test
  void aSuccessfulOauthCallExercisesItsPermission() {
    WindowActivity activity =
        window().calls(1, 200, "POST", WSTOKEN, TODAY).registered(FORTY_CHARS, "WebSocket").build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(1L);
  }

  @Test
  void aPathWithoutATemplateOfItsMethodExercisesNothing() {
    // PATCH on presence has no template: the call matches GET/PUT presence but names no permission
    WindowActivity activity =
        window().calls(5, 200, "PATCH", PRESENCE).registered(FORTY_CHARS, "ReadPresence").build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS).passed()).isFalse();
  }

  @Test
  void undeclaredPermissionsUsedDoNotMatterAndDuplicatesCountOnce() {
    WindowActivity activity =
        window()
            .ok(1, CALL_LOG)
            .ok(1, PRESENCE)
            .registered(FORTY_CHARS, "ReadCallLog", "ReadCallLog")
            .build();

    RuleResult result = rule.evaluate(activity, RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(1L);
    assertThat(result.required()).isEqualTo(1L);
    assertThat(result.message())
        .isEqualTo(
            "The app exercised 1 of its 1 declared permission with a successful call in the"
                + " window.");
  }

  @Test
  void anEmptyPermissionListPasses() {
    WindowActivity activity = window().ok(3, CALL_LOG).registered(FORTY_CHARS).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                0L,
                0L,
                "The app declares no permissions, so it has none to exercise.",
                null));
  }

  @Test
  void noRegistrationFailsWithRequiredNull() {
    WindowActivity activity = window().ok(3, CALL_LOG).build();

    assertThat(rule.evaluate(activity, RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                0L,
                null,
                "The app has no registration, so it declares no permissions to check.",
                "Register the app with PUT /v1/apps/{appId}, listing the permissions it uses."));
  }
}
