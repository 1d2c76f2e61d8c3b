package dev.graduation.streams.activity;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.rules.Rule;
import dev.graduation.streams.rules.RuleConfig;
import dev.graduation.streams.rules.WindowActivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Answers "is app X eligible at instant T, and why not?" from whatever reader it is given. */
public final class EligibilityEvaluator {

  private final RuleConfig rules;
  private final List<Rule> ruleSet;
  private final Duration knownAppHorizon;
  private final Clock clock;

  /**
   * @param rules thresholds and window mode
   * @param ruleSet the rules, in contract order ({@link GraduationRules#forCatalog})
   * @param knownAppHorizon how far back an app's traffic makes it known (the daily retention):
   *     an app with no traffic in that horizon and no registration is unknown (404)
   * @param clock the wall clock: whether an app is known does not depend on the instant asked about
   */
  public EligibilityEvaluator(RuleConfig rules, List<Rule> ruleSet, Duration knownAppHorizon, Clock clock) {
    this.rules = rules;
    this.ruleSet = List.copyOf(ruleSet);
    this.knownAppHorizon = knownAppHorizon;
    this.clock = clock;
  }

  public RuleConfig rules() {
    return rules;
  }

  /** The verdict at {@code at}; empty when the app has neither traffic nor a registration. */
  public Optional<Eligibility> evaluate(String appId, Instant at, ActivityReader reader) {
    Optional<AppRegistration> registration = reader.registration(appId);
    Instant from = rules.windowMode().windowStart(at);
    WindowActivity activity = ActivityAssembler.assemble(appId, from, at, reader, registration);
    if (registration.isEmpty() && activity.hours().isEmpty() && !hasAnyTraffic(appId, at, reader)) {
      return Optional.empty();
    }
    return Optional.of(
        new Eligibility(appId, at, activity, GraduationRules.evaluate(activity, rules, ruleSet)));
  }

  private boolean hasAnyTraffic(String appId, Instant at, ActivityReader reader) {
    Instant now = clock.instant();
    Instant first = (at.isBefore(now) ? at : now).truncatedTo(ChronoUnit.DAYS).minus(knownAppHorizon);
    // Ingest accepts events a few minutes ahead of its clock: look one day past the later instant.
    Instant last = (at.isAfter(now) ? at : now).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    return !reader.daily(appId, first, last).isEmpty();
  }
}
