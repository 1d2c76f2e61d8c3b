package dev.graduation.streams.rules;

import static dev.graduation.streams.rules.Phrases.count;

import dev.graduation.streams.rules.WindowActivity.HourActivity;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code token-usage} (contract section 5): the app reuses its access tokens and refreshes them,
 * rather than asking for a new token before every call. It fails when
 *
 * <ul>
 *   <li>some UTC hour has more than {@link RuleConfig#maxTokenRequestsPerHour()} token requests
 *       <b>and</b> at least {@link RuleConfig#tokenToCallRatio()} token requests per API call in
 *       that hour (an hour without API calls always reaches the ratio), or
 *   <li>any OAuth call got a 429.
 * </ul>
 *
 * <p>{@code actual} is the most token requests in one UTC hour. The remedy names the worst of the
 * hours that break the limit: the highest ratio of token requests to API calls (no API calls counts
 * as infinite), the earliest on a tie. Hours within the limit are never named, even with a higher
 * ratio: an hour with one refresh and no API call is normal, and not what the app must fix.
 */
public final class TokenUsageRule implements Rule {

  public static final String ID = "token-usage";

  /** The ratio in the remedy is rounded to this many decimals. */
  static final int RATIO_SCALE = 2;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public RuleResult evaluate(WindowActivity activity, RuleConfig config) {
    List<HourActivity> hours = activity.hours();
    long busiest = hours.stream().mapToLong(HourActivity::tokenRequests).max().orElse(0);
    long oauthThrottled = activity.totals().oauthThrottled();
    List<HourActivity> excessive = hours.stream().filter(h -> excessive(h, config)).toList();
    HourActivity worst = excessive.stream().reduce(null, TokenUsageRule::worse);
    boolean passed = excessive.isEmpty() && oauthThrottled == 0;
    String limit =
        "more than "
            + count(config.maxTokenRequestsPerHour(), "token request")
            + " at "
            + Phrases.plain(config.tokenToCallRatio())
            + " or more per API call";
    String message;
    if (passed) {
      message =
          "The busiest UTC hour had "
              + count(busiest, "token request")
              + ", no hour had "
              + limit
              + ", and no OAuth call got 429 Too Many Requests.";
    } else {
      message =
          (excessive.isEmpty()
                  ? "No UTC hour had " + limit
                  : count(excessive.size(), "UTC hour") + " had " + limit)
              + ", and "
              + (oauthThrottled == 0 ? "no OAuth call" : count(oauthThrottled, "OAuth call"))
              + " got 429 Too Many Requests.";
    }
    return new RuleResult(
        ID,
        passed,
        busiest,
        config.maxTokenRequestsPerHour(),
        message,
        passed ? null : remedy(worst, oauthThrottled));
  }

  /** Over the hourly limit and at or above the token-to-call ratio, compared exactly. */
  static boolean excessive(HourActivity hour, RuleConfig config) {
    return hour.tokenRequests() > config.maxTokenRequestsPerHour()
        && BigDecimal.valueOf(hour.tokenRequests())
                .compareTo(
                    BigDecimal.valueOf(config.tokenToCallRatio())
                        .multiply(BigDecimal.valueOf(hour.apiCalls())))
            >= 0;
  }

  /** The hour with the higher token-to-call ratio; {@code a} (the earlier) on a tie. */
  private static HourActivity worse(HourActivity a, HourActivity b) {
    if (a == null) {
      return b;
    }
    // a.tokens / a.calls vs b.tokens / b.calls, cross-multiplied so that 0 calls is infinite
    BigDecimal left =
        BigDecimal.valueOf(b.tokenRequests()).multiply(BigDecimal.valueOf(a.apiCalls()));
    BigDecimal right =
        BigDecimal.valueOf(a.tokenRequests()).multiply(BigDecimal.valueOf(b.apiCalls()));
    return left.compareTo(right) > 0 ? b : a;
  }

  private static String remedy(HourActivity worst, long oauthThrottled) {
    String backOff =
        "after a 429 from the OAuth endpoints, back off for as long as Retry-After says before"
            + " asking for a token again";
    if (worst == null) {
      return capitalise(backOff) + ".";
    }
    String ratio =
        worst.apiCalls() == 0
            ? "and no API call (ratio infinite)"
            : "for "
                + count(worst.apiCalls(), "API call")
                + " (ratio "
                + Phrases.plain(Phrases.ratio(worst.tokenRequests(), worst.apiCalls(), RATIO_SCALE))
                + ")";
    return "In the hour from "
        + worst.hourStart()
        + " the app made "
        + count(worst.tokenRequests(), "token request")
        + " "
        + ratio
        + ": reuse each access token for its hour and renew it with the refresh token instead of"
        + " logging in again"
        + (oauthThrottled > 0 ? ", and " + backOff : "")
        + ".";
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
