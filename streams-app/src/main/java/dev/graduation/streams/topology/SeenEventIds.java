package dev.graduation.streams.topology;

import dev.graduation.streams.events.ReceivedCall;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

/**
 * The eventIds seen in one app hour, with the event time of each one's first copy: what dedup
 * checks every call against, so it is built for the common case, a UUID not seen before. A
 * canonical UUID is looked up by its first 64 bits in a map of primitives, a probe that stays in
 * one array instead of following a string to its bytes; only a hit reads the last 64 bits. Any
 * other id, and a UUID sharing its first 64 bits with another one of the hour, is kept as text.
 * Exact either way: two ids are the same only if all their bits or characters are.
 */
final class SeenEventIds {

  /** What {@link #firstSeenAt} answers for an id not seen: event times are after 1970 (EventSanityCheck). */
  static final long NONE = Long.MIN_VALUE;

  private final Long2LongOpenHashMap timeByHigh = new Long2LongOpenHashMap();
  private final Long2LongOpenHashMap lowByHigh = new Long2LongOpenHashMap();
  private Object2LongOpenHashMap<String> timeByText;

  SeenEventIds() {
    timeByHigh.defaultReturnValue(NONE);
  }

  /** The event time {@code call}'s eventId was recorded with; {@link #NONE} if never. */
  long firstSeenAt(ReceivedCall call) {
    if (call.uuidEventId()) {
      long time = timeByHigh.get(call.eventIdHigh());
      if (time == NONE || lowByHigh.get(call.eventIdHigh()) == call.eventIdLow()) {
        return time;
      }
    }
    return timeByText == null ? NONE : timeByText.getLong(call.call().getEventId());
  }

  /** Records {@code call}'s eventId with {@code eventTime}, replacing an earlier time of the same id. */
  void add(ReceivedCall call, long eventTime) {
    if (call.uuidEventId()) {
      long high = call.eventIdHigh();
      if (timeByHigh.get(high) == NONE || lowByHigh.get(high) == call.eventIdLow()) {
        timeByHigh.put(high, eventTime);
        lowByHigh.put(high, call.eventIdLow());
        return;
      }
    }
    if (timeByText == null) {
      timeByText = new Object2LongOpenHashMap<>();
      timeByText.defaultReturnValue(NONE);
    }
    timeByText.put(call.call().getEventId(), eventTime);
  }
}
