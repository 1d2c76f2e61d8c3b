package dev.graduation.streams.rules;

/**
 * The thresholds of the graduation rules and the window mode. Defaults are those of contract
 * section 1; {@link #DEFAULTS} holds them.
 *
 * @param minSuccessfulCalls total-successful-calls: successful API calls needed (default 20)
 * @param minSuccessfulPerEndpoint successful-calls-per-endpoint: per endpoint called (default 5)
 * @param maxClientErrorRate client-error-rate: 4xx / calls must stay strictly below (default 0.05)
 * @param minDescriptionLength app-description: code points needed (default 40)
 * @param maxTokenRequestsPerHour token-usage: more token requests than this in one UTC hour... (default 5)
 * @param tokenToCallRatio ...and at least this many token requests per API call that hour fails (default 0.5)
 * @param windowMode calendar (default) or rolling 48 hours
 */
public record RuleConfig(
    long minSuccessfulCalls,
    long minSuccessfulPerEndpoint,
    double maxClientErrorRate,
    int minDescriptionLength,
    long maxTokenRequestsPerHour,
    double tokenToCallRatio,
    WindowMode windowMode) {

  public static final RuleConfig DEFAULTS =
      new RuleConfig(20, 5, 0.05, 40, 5, 0.5, WindowMode.CALENDAR);

  // One wither per threshold: the command line (StreamsSettings) sets them one at a time.

  public RuleConfig withMinSuccessfulCalls(long value) {
    return new RuleConfig(value, minSuccessfulPerEndpoint, maxClientErrorRate, minDescriptionLength,
        maxTokenRequestsPerHour, tokenToCallRatio, windowMode);
  }

  public RuleConfig withMinSuccessfulPerEndpoint(long value) {
    return new RuleConfig(minSuccessfulCalls, value, maxClientErrorRate, minDescriptionLength,
        maxTokenRequestsPerHour, tokenToCallRatio, windowMode);
  }

  public RuleConfig withMaxClientErrorRate(double value) {
    return new RuleConfig(minSuccessfulCalls, minSuccessfulPerEndpoint, value, minDescriptionLength,
        maxTokenRequestsPerHour, tokenToCallRatio, windowMode);
  }

  public RuleConfig withMinDescriptionLength(int value) {
    return new RuleConfig(minSuccessfulCalls, minSuccessfulPerEndpoint, maxClientErrorRate, value,
        maxTokenRequestsPerHour, tokenToCallRatio, windowMode);
  }

  public RuleConfig withMaxTokenRequestsPerHour(long value) {
    return new RuleConfig(minSuccessfulCalls, minSuccessfulPerEndpoint, maxClientErrorRate, minDescriptionLength,
        value, tokenToCallRatio, windowMode);
  }

  public RuleConfig withTokenToCallRatio(double value) {
    return new RuleConfig(minSuccessfulCalls, minSuccessfulPerEndpoint, maxClientErrorRate, minDescriptionLength,
        maxTokenRequestsPerHour, value, windowMode);
  }

  public RuleConfig withWindowMode(WindowMode value) {
    return new RuleConfig(minSuccessfulCalls, minSuccessfulPerEndpoint, maxClientErrorRate, minDescriptionLength,
        maxTokenRequestsPerHour, tokenToCallRatio, value);
  }
}
