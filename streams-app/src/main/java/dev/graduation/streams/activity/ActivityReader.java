package dev.graduation.streams.activity;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.EnrichedCall;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read access to an app's state, whatever holds it: the topology's own stores (inside a
 * processor) or interactive queries against a running KafkaStreams (the query API). Eligibility
 * is computed the same way from either.
 */
public interface ActivityReader {

  /** A bucket and the start of its window. */
  record Bucket(Instant start, ActivityBucket activity) {}

  /** Hour buckets whose window starts in [{@code fromHour}, {@code toHour}], oldest first. */
  List<Bucket> hourly(String appId, Instant fromHour, Instant toHour);

  /**
   * The day buckets rolled up so far whose window starts in [{@code fromDay}, {@code toDay}],
   * oldest first: a day is rolled up from its hours two days after it starts (see {@code
   * ActivityRecorder}), complete from then on.
   */
  List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay);

  /**
   * Day buckets whose window starts in [{@code fromDay}, {@code toDay}], oldest first: the rolled
   * up ones, and the days not rolled up yet summed from their hours ({@link DaysFromHours}).
   */
  default List<Bucket> daily(String appId, Instant fromDay, Instant toDay) {
    return DaysFromHours.daily(this, appId, fromDay, toDay);
  }

  /** Deduplicated calls with event time in [{@code from}, {@code to}], oldest first. */
  List<EnrichedCall> calls(String appId, Instant from, Instant to);

  Optional<AppRegistration> registration(String appId);
}
