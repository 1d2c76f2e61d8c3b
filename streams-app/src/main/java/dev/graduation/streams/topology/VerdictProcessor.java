package dev.graduation.streams.topology;

import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import dev.graduation.streams.activity.Eligibility;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.rules.RuleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Step 5: emits an {@link EligibilityChange} whenever an app's verdict (eligible, and which rules
 * fail) differs from the last one emitted.
 *
 * <p>Counted calls ({@link ActivityRecorder}) and registrations (the input records here) only
 * mark their app in {@link ChangedApps}; a wall-clock punctuator evaluates the marked
 * apps every {@code interval}, so a burst of calls costs one evaluation, not one per call. A
 * second punctuator marks every known app every {@code sweepInterval}: verdicts also change with
 * the clock alone (a UTC day boundary drops yesterday's calls out of the window). The marks live
 * in memory only; after a crash the next sweep catches up.
 *
 * <p>Each tick of each task evaluates for at most a twentieth of the interval (six tasks on two
 * threads: at most 15 % of the CPU), oldest marks first, and leaves the rest marked for the next
 * tick: when thousands of apps change at once (a replay, a catch-up),
 * counting goes on at full speed and verdicts follow a little later, instead of the other way
 * round.
 */
final class VerdictProcessor implements Processor<String, AppRegistration, String, EligibilityChange> {

  private final EligibilityEvaluator evaluator;
  private final Duration interval;
  private final Duration sweepInterval;
  private final long budgetNanos;
  private ChangedApps changedApps;
  private ProcessorContext<String, EligibilityChange> context;
  private ProcessorStoresReader reader;
  private KeyValueStore<String, EligibilityChange> verdicts;

  VerdictProcessor(EligibilityEvaluator evaluator, Duration interval, Duration sweepInterval) {
    this.evaluator = evaluator;
    this.interval = interval;
    this.sweepInterval = sweepInterval;
    this.budgetNanos = interval.toNanos() / 20;
  }

  @Override
  public void init(ProcessorContext<String, EligibilityChange> context) {
    this.context = context;
    this.reader = new ProcessorStoresReader(context);
    this.verdicts = context.getStateStore(GraduationTopology.VERDICTS_STORE);
    this.changedApps = context.getStateStore(GraduationTopology.CHANGED_APPS_STORE);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::evaluateChangedApps);
    context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::markAllApps);
  }

  @Override
  public void process(Record<String, AppRegistration> record) {
    changedApps.mark(record.key());
  }

  private void evaluateChangedApps(long now) {
    long deadline = System.nanoTime() + budgetNanos;
    String app;
    while (System.nanoTime() < deadline && (app = changedApps.takeOldest()) != null) {
      evaluate(app, now);
    }
  }

  private void markAllApps(long now) {
    try (KeyValueIterator<String, EligibilityChange> all = verdicts.all()) {
      all.forEachRemaining((KeyValue<String, EligibilityChange> entry) -> changedApps.mark(entry.key));
    }
  }

  private void evaluate(String appId, long now) {
    Instant at = Instant.ofEpochMilli(now);
    evaluator
        .evaluate(appId, at, reader)
        .ifPresent(
            eligibility -> {
              EligibilityChange previous = verdicts.get(appId);
              EligibilityChange current = change(eligibility, previous);
              if (previous == null
                  || previous.getEligible() != current.getEligible()
                  || !Objects.equals(previous.getFailedRules(), current.getFailedRules())) {
                verdicts.put(appId, current);
                context.forward(new Record<>(appId, current, now));
              }
            });
  }

  private static EligibilityChange change(Eligibility eligibility, EligibilityChange previous) {
    return EligibilityChange.newBuilder()
        .setAppId(eligibility.appId())
        .setEligible(eligibility.verdict().eligible())
        .setPreviousEligible(previous == null ? null : previous.getEligible())
        .setFailedRules(
            eligibility.verdict().rules().stream()
                .filter(rule -> !rule.passed())
                .map(RuleResult::id)
                .toList())
        .setEvaluatedAt(eligibility.evaluatedAt())
        .setWindowFrom(eligibility.activity().from())
        .setWindowTo(eligibility.activity().to())
        .build();
  }
}
