package dev.graduation.streams.topology;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.events.EnrichedCall;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * {@link ActivityReader} over the stores of a {@link TopologyTestDriver}, the way a processor
 * reads them: the query API can then answer from the real topology's state, on a fixed clock,
 * without a broker. Read only while nothing is piped in (the stores are not thread-safe).
 */
public final class DriverStoresReader implements ActivityReader {

  private final TopologyTestDriver driver;

  public DriverStoresReader(TopologyTestDriver driver) {
    this.driver = driver;
  }

  @Override
  public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
    return ((ActivityBucketStore) driver.getStateStore(GraduationTopology.HOURLY_STORE)).fetch(appId, fromHour, toHour);
  }

  @Override
  public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
    return ((ActivityBucketStore) driver.getStateStore(GraduationTopology.DAILY_STORE)).fetch(appId, fromDay, toDay);
  }

  @Override
  public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
    return ((RecentCallsStore) driver.getStateStore(GraduationTopology.RECENT_CALLS_STORE)).calls(appId, from, to);
  }

  @Override
  public Optional<AppRegistration> registration(String appId) {
    return Optional.ofNullable(
            driver.<String, AppRegistration>getTimestampedKeyValueStore(GraduationTopology.REGISTRATIONS_STORE).get(appId))
        .map(ValueAndTimestamp::value);
  }
}
