package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Activities.FORTY_CHARS;
import static dev.graduation.streams.rules.Activities.window;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppDescriptionRuleTest {

  private static final String ID = "app-description";

  /** One code point, two UTF-16 chars. */
  private static final String PHONE = "\uD83D\uDCDE";

  private final Rule rule = new AppDescriptionRule();

  @Test
  void fortyCharactersPass() {
    assertThat(rule.evaluate(window().registered(FORTY_CHARS).build(), RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                true,
                40L,
                40L,
                "The app's description is 40 characters long and needs at least 40.",
                null));
  }

  @Test
  void thirtyNineCodePointsFailEvenAsFortyChars() {
    String thirtyNine = FORTY_CHARS.substring(0, 38) + PHONE;
    assertThat(thirtyNine.length()).isEqualTo(40); // but 39 code points

    assertThat(rule.evaluate(window().registered(thirtyNine).build(), RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                39L,
                40L,
                "The app's description is 39 characters long and needs at least 40.",
                "Lengthen the description by at least 1 character with PUT /v1/apps/{appId}, saying"
                    + " what the app does."));
  }

  @Test
  void fortyCodePointsWithAnEmojiPass() {
    String description = "Syncs call logs into the CRM every hour" + PHONE; // 41 chars

    RuleResult result =
        rule.evaluate(window().registered(description).build(), RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(40L);
  }

  @Test
  void spacesAreNotTrimmed() {
    String padded = "   " + FORTY_CHARS.substring(0, 37); // 40 code points, 37 without spaces

    RuleResult result = rule.evaluate(window().registered(padded).build(), RuleConfig.DEFAULTS);

    assertThat(result.passed()).isTrue();
    assertThat(result.actual()).isEqualTo(40L);
  }

  @Test
  void aMissingDescriptionIsEmpty() {
    RuleResult result = rule.evaluate(window().registered(null).build(), RuleConfig.DEFAULTS);

    assertThat(result.actual()).isEqualTo(0L);
    assertThat(result.remedy())
        .isEqualTo(
            "Lengthen the description by at least 40 characters with PUT /v1/apps/{appId}, saying"
                + " what the app does.");
  }

  @Test
  void noRegistrationFailsWithLengthZero() {
    assertThat(rule.evaluate(window().build(), RuleConfig.DEFAULTS))
        .isEqualTo(
            new RuleResult(
                ID,
                false,
                0L,
                40L,
                "The app has no registration, so it has no description.",
                "Register the app with PUT /v1/apps/{appId} and a description of at least 40"
                    + " characters."));
  }

  @Test
  void theLengthIsConfiguration() {
    RuleConfig ten = new RuleConfig(20, 5, 0.05, 10, 5, 0.5, WindowMode.CALENDAR);

    RuleResult result = rule.evaluate(window().registered("CRM sync").build(), ten);

    assertThat(result.required()).isEqualTo(10L);
    assertThat(result.remedy())
        .isEqualTo(
            "Lengthen the description by at least 2 characters with PUT /v1/apps/{appId}, saying"
                + " what the app does.");
  }
}
