package dev.graduation.streams.topology;

import java.time.Duration;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Dedup for calls too old for {@link RecentCallsStore} (their hour's raw calls are no longer
 * kept, but their day still counts them): remembers each eventId under the stream time at which
 * it was first seen, so it forgets an id once stream time has moved a horizon past it. Memory
 * stays bounded by the traffic of one horizon, and a gateway retry of a very late event (same
 * event time, sent a little later) is still caught.
 */
final class Deduplicator {

  private final WindowStore<String, Long> seen;
  private final long horizonMs;

  Deduplicator(WindowStore<String, Long> seen, Duration horizon) {
    this.seen = seen;
    this.horizonMs = horizon.toMillis();
  }

  /** True for the first copy of {@code eventId} (which is then remembered), false for repeats. */
  boolean firstCopy(String eventId, long eventTime, long streamTime) {
    try (WindowStoreIterator<Long> firstCopies = seen.fetch(eventId, streamTime - horizonMs, streamTime)) {
      while (firstCopies.hasNext()) {
        if (Math.abs(firstCopies.next().value - eventTime) <= horizonMs) {
          return false;
        }
      }
    }
    seen.put(eventId, eventTime, streamTime);
    return true;
  }
}
