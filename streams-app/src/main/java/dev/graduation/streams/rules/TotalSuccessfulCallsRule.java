package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

/**
 * {@code total-successful-calls}: at least {@link RuleConfig#minSuccessfulCalls()} successful (2xx)
 * API calls in the window. OAuth calls never count: {@code totals.successful} holds API calls only.
 */
public final class TotalSuccessfulCallsRule implements Rule {

  public static final String ID = "total-successful-calls";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    long successful = activity.totals().successful();
    long required = config.minSuccessfulCalls();
    boolean passed = successful >= required;
    String message =
        "The app made "
            + count(successful, "successful API call")
            + " in the window and needs at least "
            + required
            + ".";
    String remedy =
        passed
            ? null
            : "Make "
                + count(required - successful, "more successful API call")
                + "; OAuth calls do not count.";
    return new RuleResult(ID, passed, successful, required, message, remedy);
  }
}
