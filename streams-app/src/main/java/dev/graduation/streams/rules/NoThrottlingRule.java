package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

/**
 * {@code no-throttling}: no 429 response in the window, OAuth calls included. The only rule whose
 * threshold is not configuration: the contract fixes it at zero.
 */
public final class NoThrottlingRule implements Rule {

  public static final String ID = "no-throttling";

  /** Contract section 1: "zero 429 responses". */
  static final long ALLOWED_429S = 0;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    long api = activity.totals().throttled();
    long oauth = activity.totals().oauthThrottled();
    long throttled = api + oauth;
    boolean passed = throttled <= ALLOWED_429S;
    String message =
        throttled == 0
            ? "No call got 429 Too Many Requests in the window."
            : count(throttled, "call")
                + " got 429 Too Many Requests in the window ("
                + count(api, "API call")
                + " and "
                + count(oauth, "OAuth call")
                + ").";
    String remedy =
        passed
            ? null
            : "Stay under the rate limits of each throttling group: spread the calls out and,"
                + " after a 429, wait as long as its Retry-After header says before calling again.";
    return new RuleResult(ID, passed, throttled, ALLOWED_429S, message, remedy);
  }
}
