package dev.graduation.streams.topology;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.CallEnricher;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.ReceivedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Steps 2 and 3: refuses impossible events ({@link EventSanityCheck}), enriches the others with
 * the catalog ({@link CallEnricher}), drops repeated eventIds, then counts each first copy into its
 * app's UTC hour bucket and keeps it as a raw call. One processor rather than a chain: every step
 * of a chain is a record copy, a forward and a node's bookkeeping per call in Kafka Streams (~2 %
 * of the stream threads' CPU).
 *
 * <p>Downstream it sends the apps whose calls it counted ({@link VerdictTrigger#NEW_CALLS}), once
 * per app per verdict interval rather than per call: a wall-clock punctuator forwards the apps
 * counted since its previous run. A burst of calls costs one verdict, and a call counted after
 * the punctuator ran is in the next interval's set, so no call is left without a verdict.
 *
 * <p>Day buckets are rolled up from the hours, not counted call by call (that doubled the counting
 * and the writes per call): once the task's stream time is a day past a day's end, a stream-time
 * punctuator sums each app's hours of that day into its day bucket, in the same transaction as the
 * record (a call or a registration) that moved stream time there, and before the commit that could
 * drop any of those hours, however far stream time jumped. From then on a call of that day (a late
 * one) counts in the day bucket too. Readers sum the hours of days not rolled up yet ({@code
 * DaysFromHours}). Kafka Streams restores the task's stream time from its committed offsets before
 * {@link #init}, so a restarted task knows exactly which days it rolled up.
 *
 * <p>A copy is a repeat when the app already has a call with that eventId within the dedup
 * horizon of event time (looked up among the raw calls); calls too old to be kept raw go through
 * the stream-time {@link Deduplicator} instead. Ingest keys events by appId, so all copies of one
 * call meet in the same task.
 *
 * <p>Late events count in every bucket that is still kept: a bucket is closed once stream time
 * (the latest record time seen) is its retention past its start, as with a DSL windowed aggregate
 * whose grace is retention minus window size.
 */
final class ActivityRecorder implements Processor<String, ApiCallEvent, String, VerdictTrigger> {

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  /** A day is rolled up once stream time is this far past its start: a day after its end. */
  private static final Duration ROLL_UP_AGE = Duration.ofDays(2);
  /**
   * How often, in stream time, the punctuator looks for days due. Kafka Streams aligns stream-time
   * punctuation to the epoch, so it runs at the first record at or past each UTC midnight: the
   * moment a day falls due, no later. Every punctuation also makes the stream thread halve the
   * records it processes between its checks, so a check per minute of stream time cost a replay
   * (days of events in minutes) a tenth of its CPU.
   */
  private static final Duration ROLL_UP_CHECK = Duration.ofDays(1);
  /** Kafka Streams' stream time before any record. */
  private static final long UNKNOWN = -1;

  private final CallEnricher enricher;
  private final Retention retention;
  private final Duration verdictInterval;
  /** Apps counted since the last forward, in the order first counted. */
  private final Set<String> countedApps = new LinkedHashSet<>();
  private ProcessorContext<String, VerdictTrigger> context;
  private RecentCallsStore recentCalls;
  private ActivityBucketStore hourly;
  private ActivityBucketStore daily;
  private Deduplicator oldCalls;
  private long streamTime = Long.MIN_VALUE;
  /** Days starting before this are rolled up; UNKNOWN until the task has seen a record. */
  private long rolledUpBefore;

  /** How long each kind of state is kept, and the dedup horizon. */
  record Retention(Duration dedupHorizon, Duration recentCalls, Duration hourly, Duration daily) {}

  ActivityRecorder(CallEnricher enricher, Retention retention, Duration verdictInterval) {
    this.enricher = enricher;
    this.retention = retention;
    this.verdictInterval = verdictInterval;
  }

  @Override
  public void init(ProcessorContext<String, VerdictTrigger> context) {
    this.context = context;
    this.recentCalls = context.getStateStore(GraduationTopology.RECENT_CALLS_STORE);
    this.hourly = context.getStateStore(GraduationTopology.HOURLY_STORE);
    this.daily = context.getStateStore(GraduationTopology.DAILY_STORE);
    this.oldCalls =
        new Deduplicator(context.getStateStore(GraduationTopology.DEDUP_STORE), retention.dedupHorizon());
    // Kafka Streams restored the task's stream time from its committed offsets: the days due then
    // were rolled up in committed transactions.
    long committedStreamTime = context.currentStreamTimeMs();
    this.rolledUpBefore = committedStreamTime == UNKNOWN ? UNKNOWN : rollUpBoundary(committedStreamTime);
    context.schedule(ROLL_UP_CHECK, PunctuationType.STREAM_TIME, this::rollUpDaysDueAt);
    context.schedule(verdictInterval, PunctuationType.WALL_CLOCK_TIME, this::forwardCountedApps);
  }

  @Override
  public void process(Record<String, ApiCallEvent> record) {
    String appId = record.key();
    ReceivedCall received = enricher.receive(EventSanityCheck.requireCountable(appId, record.value()));
    EnrichedCall call = received.call();
    long eventTime = call.getTimestamp();
    streamTime = Math.max(streamTime, record.timestamp());
    if (rolledUpBefore == UNKNOWN) {
      // A task that never committed has counted nothing: no day before this one's is due.
      rolledUpBefore = rollUpBoundary(Math.max(context.currentStreamTimeMs(), streamTime));
    }
    if (!firstCopy(appId, received)) {
      return;
    }
    String endpointKey = received.endpointKey();
    if (stillKept(hourly.windowStart(eventTime), retention.hourly())) {
      hourly.add(appId, call, endpointKey);
    }
    long day = daily.windowStart(eventTime);
    if (day < rolledUpBefore && stillKept(day, retention.daily())) {
      daily.add(appId, call, endpointKey);
    }
    countedApps.add(appId);
  }

  private void forwardCountedApps(long now) {
    for (String appId : countedApps) {
      context.forward(new Record<>(appId, VerdictTrigger.NEW_CALLS, now));
    }
    countedApps.clear();
  }

  /** The start of the first day not due for roll-up at {@code time}. */
  private long rollUpBoundary(long time) {
    return daily.windowStart(time - ROLL_UP_AGE.toMillis()) + DAY_MS;
  }

  /**
   * The stream-time punctuator: rolls up every day due at task stream time {@code now} and not
   * rolled up yet. It runs before the task commits, so no hour of those days has left the hourly
   * store yet.
   */
  private void rollUpDaysDueAt(long now) {
    if (rolledUpBefore == UNKNOWN) {
      return; // no call yet: nothing counted
    }
    long boundary = rollUpBoundary(now);
    long oldestKept = daily.windowStart(now - retention.daily().toMillis());
    for (long day = Math.max(rolledUpBefore, oldestKept); day < boundary; day += DAY_MS) {
      rollUp(day);
    }
    rolledUpBefore = Math.max(rolledUpBefore, boundary);
  }

  private void rollUp(long day) {
    Instant from = Instant.ofEpochMilli(day);
    hourly.bucketsWithin(from, from.plusMillis(DAY_MS - HOUR_MS)).forEach((appId, hours) -> {
      ActivityBucket sum = ActivityBuckets.sum(hours);
      if (sum.getLastEventAt() != null) {
        daily.put(appId, day, sum, sum.getLastEventAt());
      }
    });
  }

  private boolean firstCopy(String appId, ReceivedCall received) {
    EnrichedCall call = received.call();
    long eventTime = call.getTimestamp();
    if (stillKept(RecentCallsStore.hourStart(eventTime), retention.recentCalls().minusMillis(HOUR_MS))) {
      return recentCalls.addFirstCopy(appId, received, retention.dedupHorizon().toMillis());
    }
    return oldCalls.firstCopy(call.getEventId(), eventTime, Math.max(context.currentStreamTimeMs(), streamTime));
  }

  private boolean stillKept(long windowStart, Duration kept) {
    return streamTime == Long.MIN_VALUE || windowStart + kept.toMillis() > streamTime;
  }
}
