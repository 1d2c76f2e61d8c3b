package dev.graduation.streams.topology;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.EnrichedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** {@link ActivityReader} over the stores of the task a processor runs in. */
final class ProcessorStoresReader implements ActivityReader {

  private final TimestampedWindowStore<String, ActivityBucket> hourly;
  private final TimestampedWindowStore<String, ActivityBucket> daily;
  private final WindowStore<String, EnrichedCall> recentCalls;
  private final TimestampedKeyValueStore<String, AppRegistration> registrations;

  ProcessorStoresReader(ProcessingContext context) {
    this.hourly = context.getStateStore(GraduationTopology.HOURLY_STORE);
    this.daily = context.getStateStore(GraduationTopology.DAILY_STORE);
    this.recentCalls = context.getStateStore(GraduationTopology.RECENT_CALLS_STORE);
    this.registrations = context.getStateStore(GraduationTopology.REGISTRATIONS_STORE);
  }

  @Override
  public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
    return buckets(hourly, appId, fromHour, toHour);
  }

  @Override
  public List<Bucket> daily(String appId, Instant fromDay, Instant toDay) {
    return buckets(daily, appId, fromDay, toDay);
  }

  @Override
  public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
    List<EnrichedCall> calls = new ArrayList<>();
    try (WindowStoreIterator<EnrichedCall> iterator = recentCalls.fetch(appId, from, to)) {
      iterator.forEachRemaining(entry -> calls.add(entry.value));
    }
    return calls;
  }

  @Override
  public Optional<AppRegistration> registration(String appId) {
    return Optional.ofNullable(registrations.get(appId)).map(ValueAndTimestamp::value);
  }

  private static List<Bucket> buckets(
      TimestampedWindowStore<String, ActivityBucket> store, String appId, Instant from, Instant to) {
    List<Bucket> buckets = new ArrayList<>();
    try (WindowStoreIterator<ValueAndTimestamp<ActivityBucket>> iterator = store.fetch(appId, from, to)) {
      while (iterator.hasNext()) {
        KeyValue<Long, ValueAndTimestamp<ActivityBucket>> entry = iterator.next();
        buckets.add(new Bucket(Instant.ofEpochMilli(entry.key), entry.value.value()));
      }
    }
    return buckets;
  }
}
