package dev.graduation.streams.topology;

import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.ReceivedCall;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Step 3: drops repeated eventIds, then counts each first copy into its app's UTC hour and day
 * buckets, keeps it as a raw call, and marks its app in {@link ChangedApps} for a verdict.
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
final class ActivityRecorder implements FixedKeyProcessor<String, ReceivedCall, Void> {

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  private final Stores stores;
  private final Retention retention;
  private FixedKeyProcessorContext<String, Void> context;
  private RecentCallsStore recentCalls;
  private ActivityBucketStore hourly;
  private ActivityBucketStore daily;
  private Deduplicator oldCalls;
  private ChangedApps changedApps;
  private long streamTime = Long.MIN_VALUE;

  /** Names of the stores this processor writes. */
  record Stores(String recentCalls, String hourly, String daily, String oldCallsDedup, String changedApps) {}

  /** How long each kind of state is kept, and the dedup horizon. */
  record Retention(Duration dedupHorizon, Duration recentCalls, Duration hourly, Duration daily) {}

  ActivityRecorder(Stores stores, Retention retention) {
    this.stores = stores;
    this.retention = retention;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Void> context) {
    this.context = context;
    this.recentCalls = context.getStateStore(stores.recentCalls());
    this.hourly = context.getStateStore(stores.hourly());
    this.daily = context.getStateStore(stores.daily());
    this.oldCalls = new Deduplicator(context.getStateStore(stores.oldCallsDedup()), retention.dedupHorizon());
    this.changedApps = context.getStateStore(stores.changedApps());
  }

  @Override
  public void process(FixedKeyRecord<String, ReceivedCall> record) {
    ReceivedCall received = record.value();
    if (received == null) {
      return;
    }
    EnrichedCall call = received.call();
    String appId = record.key();
    long eventTime = call.getTimestamp();
    streamTime = Math.max(streamTime, record.timestamp());
    if (!firstCopy(appId, received)) {
      return;
    }
    String endpointKey = received.endpointKey();
    if (stillKept(hourly.windowStart(eventTime), retention.hourly())) {
      hourly.add(appId, call, endpointKey);
    }
    if (stillKept(daily.windowStart(eventTime), retention.daily())) {
      daily.add(appId, call, endpointKey);
    }
    changedApps.mark(appId);
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
