package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;
import static dev.graduation.streams.rules.Phrases.percent;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code client-error-rate}: 4xx responses (429 included) / API calls stays strictly below {@link
 * RuleConfig#maxClientErrorRate()}. OAuth calls are on neither side; an app without API calls holds
 * the rule.
 *
 * <p>The comparison is exact, in decimal: 1 error in 20 calls is exactly 5 % and fails at the
 * default 0.05, which a double division could get either way.
 */
public final class ClientErrorRateRule implements Rule {

  public static final String ID = "client-error-rate";

  /** {@code actual} is the fraction rounded to this many decimals, e.g. 0.0333. */
  static final int ACTUAL_SCALE = 4;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    long calls = activity.totals().calls();
    long errors = activity.totals().clientErrors();
    double maxRate = config.maxClientErrorRate();
    if (calls == 0) {
      return new RuleResult(
          ID,
          true,
          0.0,
          maxRate,
          "The app made no API call in the window, so its 4xx rate is 0%.",
          null);
    }
    BigDecimal rate = BigDecimal.valueOf(maxRate);
    boolean passed =
        BigDecimal.valueOf(errors).compareTo(rate.multiply(BigDecimal.valueOf(calls))) < 0;
    double actual = Phrases.ratio(errors, calls, ACTUAL_SCALE).doubleValue();
    String message =
        errors
            + " of "
            + count(calls, "API call")
            + " ("
            + percent(actual)
            + ") got a 4xx response; the rate must stay below "
            + percent(maxRate)
            + ".";
    return new RuleResult(
        ID, passed, actual, maxRate, message, passed ? null : remedy(calls, errors, rate));
  }

  private static String remedy(long calls, long errors, BigDecimal rate) {
    if (rate.signum() <= 0) {
      return "Fix the requests that get 4xx responses: no 4xx response is allowed.";
    }
    // errors / (calls + more) < rate  <=>  calls + more > errors / rate
    long moreCalls =
        BigDecimal.valueOf(errors).divide(rate, 0, RoundingMode.FLOOR).longValueExact() + 1 - calls;
    // fewerErrors: errors - the largest e with e < rate * calls
    long allowed =
        Math.max(
            0,
            rate.multiply(BigDecimal.valueOf(calls))
                    .setScale(0, RoundingMode.CEILING)
                    .longValueExact()
                - 1);
    long fewerErrors = errors - allowed;
    return "Make "
        + count(moreCalls, "more successful API call")
        + " (or "
        + fewerErrors
        + " fewer "
        + (fewerErrors == 1 ? "call that gets" : "calls that get")
        + " a 4xx response) to bring the 4xx rate below "
        + Phrases.plain(rate.movePointRight(2))
        + "%.";
  }
}
