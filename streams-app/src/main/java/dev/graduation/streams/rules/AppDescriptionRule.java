package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

import dev.graduation.streams.rules.WindowActivity.Registration;
import java.util.Optional;

/**
 * {@code app-description}: the registration has a description of at least {@link
 * RuleConfig#minDescriptionLength()} characters, counted as Unicode code points and not trimmed (an
 * emoji is one character; spaces count). No registration: length 0, fails.
 */
public final class AppDescriptionRule implements Rule {

  public static final String ID = "app-description";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    long required = config.minDescriptionLength();
    Optional<Registration> registration = activity.registration();
    if (registration.isEmpty()) {
      return new RuleResult(
          ID,
          false,
          0L,
          required,
          "The app has no registration, so it has no description.",
          "Register the app with "
              + Phrases.REGISTER
              + " and a description of at least "
              + count(required, "character")
              + ".");
    }
    String description = registration.get().description();
    long length = description == null ? 0 : description.codePointCount(0, description.length());
    boolean passed = length >= required;
    String message =
        "The app's description is "
            + count(length, "character")
            + " long and needs at least "
            + required
            + ".";
    String remedy =
        passed
            ? null
            : "Lengthen the description by at least "
                + count(required - length, "character")
                + " with "
                + Phrases.REGISTER
                + ", saying what the app does.";
    return new RuleResult(ID, passed, length, required, message, remedy);
  }
}
