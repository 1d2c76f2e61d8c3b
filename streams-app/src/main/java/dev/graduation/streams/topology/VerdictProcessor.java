package dev.graduation.streams.topology;

import dev.graduation.events.EligibilityChange;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.Eligibility;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.rules.RuleResult;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
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
 * <p>Its input is the apps to look at again ({@link VerdictTrigger}): those with newly counted
 * calls, once per interval from {@link ActivityRecorder}, and those whose registration changed. A
 * second, wall-clock punctuator adds every known app every {@code sweepInterval}: verdicts also
 * change with the clock alone (a UTC day boundary drops yesterday's calls out of the window). The
 * apps waiting are kept in memory only; after a crash the next sweep catches up.
 *
 * <p>Evaluation has a budget: a twentieth of the interval per interval and task (six tasks on two
 * threads: at most 15 % of the CPU), oldest first; what is left waits for the next interval. When
 * thousands of apps change at once, counting goes on at full speed and verdicts follow a little
 * later, instead of the other way round. While the task catches up on a backlog ({@link CatchUp}),
 * the budget is nothing: verdicts wait for the state they read to be counted.
 */
final class VerdictProcessor implements Processor<String, VerdictTrigger, String, EligibilityChange> {

  private final EligibilityEvaluator evaluator;
  /** Told of registration changes, which arrive here after the registration store has them. */
  private final AppStateVersions versions;
  private final Duration interval;
  private final Duration sweepInterval;
  private final long budgetNanos;
  /** Apps waiting to be evaluated, oldest first. */
  private final Set<String> waiting = new LinkedHashSet<>();
  private final CatchUp catchUp = new CatchUp();
  /** What is left of this interval's budget, spent from this instant of System.nanoTime on. */
  private long budgetLeftNanos;
  private ProcessorContext<String, EligibilityChange> context;
  private ProcessorStoresReader reader;
  private KeyValueStore<String, EligibilityChange> verdicts;
  private Counter becameEligible;
  private Counter becameIneligible;

  VerdictProcessor(
      EligibilityEvaluator evaluator, Duration interval, Duration sweepInterval, AppStateVersions versions) {
    this.evaluator = evaluator;
    this.versions = versions;
    this.interval = interval;
    this.sweepInterval = sweepInterval;
    this.budgetNanos = interval.toNanos() / 20;
  }

  @Override
  public void init(ProcessorContext<String, EligibilityChange> context) {
    this.context = context;
    this.reader = new ProcessorStoresReader(context);
    this.verdicts = context.getStateStore(GraduationTopology.VERDICTS_STORE);
    this.becameEligible = changes(context, true);
    this.becameIneligible = changes(context, false);
    this.budgetLeftNanos = budgetNanos;
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::startInterval);
    context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::addAllApps);
  }

  @Override
  public void process(Record<String, VerdictTrigger> record) {
    if (record.value() == VerdictTrigger.REGISTRATION_CHANGED) {
      versions.changed(record.key());
    }
    waiting.add(record.key());
    // A verdict is about now: a registration replayed at start-up carries its old timestamp.
    evaluateWaiting(context.currentSystemTimeMs());
  }

  /**
   * {@code streams_eligibility_changes_total{eligible}}: verdicts written to eligibility-changes,
   * by the new verdict (a first verdict counts too). Counted when forwarded: a task that fails
   * before its commit and runs again counts its changes again, unlike the topic.
   */
  static final String CHANGES_COUNTER = "streams.eligibility.changes";

  private static Counter changes(ProcessorContext<?, ?> context, boolean eligible) {
    return Counter.builder(CHANGES_COUNTER)
        .description("Verdicts that changed (or were first given) and went to eligibility-changes, by the new verdict")
        .tag("eligible", Boolean.toString(eligible))
        .register(DeadLetterCounter.registry(context.appConfigs()));
  }

  private void startInterval(long now) {
    budgetLeftNanos = catchUp.since(now, context.currentStreamTimeMs()) ? 0 : budgetNanos;
    evaluateWaiting(now);
  }

  /** Evaluates the apps waiting, oldest first, while this interval's budget lasts. */
  private void evaluateWaiting(long now) {
    long start = System.nanoTime();
    Iterator<String> oldest = waiting.iterator();
    while (oldest.hasNext() && System.nanoTime() - start < budgetLeftNanos) {
      String app = oldest.next();
      oldest.remove();
      evaluate(app, now);
    }
    budgetLeftNanos -= System.nanoTime() - start;
  }

  private void addAllApps(long now) {
    try (KeyValueIterator<String, EligibilityChange> all = verdicts.all()) {
      all.forEachRemaining((KeyValue<String, EligibilityChange> entry) -> waiting.add(entry.key));
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
                (current.getEligible() ? becameEligible : becameIneligible).increment();
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
