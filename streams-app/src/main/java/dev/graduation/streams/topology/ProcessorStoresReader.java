package dev.graduation.streams.topology;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.events.EnrichedCall;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * {@link ActivityReader} over the stores of the task a processor runs in: the live objects of
 * the write-behind stores first, so a verdict sees every call counted so far.
 */
final class ProcessorStoresReader implements ActivityReader {

  private final ActivityBucketStore hourly;
  private final ActivityBucketStore daily;
  private final RecentCallsStore recentCalls;
  private final TimestampedKeyValueStore<String, AppRegistration> registrations;

  ProcessorStoresReader(ProcessingContext context) {
    this.hourly = context.getStateStore(GraduationTopology.HOURLY_STORE);
    this.daily = context.getStateStore(GraduationTopology.DAILY_STORE);
    this.recentCalls = context.getStateStore(GraduationTopology.RECENT_CALLS_STORE);
    this.registrations = context.getStateStore(GraduationTopology.REGISTRATIONS_STORE);
  }

  @Override
  public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
    return hourly.fetch(appId, fromHour, toHour);
  }

  @Override
  public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
    return daily.fetch(appId, fromDay, toDay);
  }

  @Override
  public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
    return recentCalls.calls(appId, from, to);
  }

  @Override
  public Optional<AppRegistration> registration(String appId) {
    return Optional.ofNullable(registrations.get(appId)).map(ValueAndTimestamp::value);
  }
}
