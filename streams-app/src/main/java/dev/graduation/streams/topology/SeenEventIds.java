package dev.graduation.streams.topology;

import dev.graduation.streams.events.ReceivedCall;
import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMaps;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongMaps;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

/**
 * The eventIds of one app hour's recent calls, with the event time of each one's first copy: the
 * exact part of {@link HourEventIds}, which every call is checked against, so it is built for the
 * common case, a UUID not seen before. Ids older than dedup's exact window leave it for the
 * hour's {@link EventIdFilter} ({@link #moveBefore}): here an id costs ~56 bytes. A
 * canonical UUID is looked up by its first 64 bits in a map of primitives, a probe that stays in
 * one array instead of following a string to its bytes; only a hit reads the last 64 bits. Any
 * other id, and a UUID sharing its first 64 bits with another one of the hour, is kept as text.
 * Exact either way: two ids are the same only if all their bits or characters are.
 */
final class SeenEventIds {

  /** What {@link #firstSeenAt} answers for an id not seen: event times are after 1970 (EventSanityCheck). */
  static final long NONE = Long.MIN_VALUE;

  private final Long2LongOpenHashMap timeByHigh;
  private final Long2LongOpenHashMap lowByHigh;
  private Object2LongOpenHashMap<String> timeByText;

  SeenEventIds() {
    this(Hash.DEFAULT_INITIAL_SIZE);
  }

  private SeenEventIds(int expected) {
    timeByHigh = new Long2LongOpenHashMap(expected);
    lowByHigh = new Long2LongOpenHashMap(expected);
    timeByHigh.defaultReturnValue(NONE);
  }

  /** The event time {@code call}'s eventId was recorded with; {@link #NONE} if never. */
  long firstSeenAt(ReceivedCall call) {
    if (call.uuidEventId()) {
      long time = timeByHigh.get(call.eventIdHigh());
      if (time != NONE && lowByHigh.get(call.eventIdHigh()) == call.eventIdLow()) {
        return time;
      }
    }
    // Also for a UUID whose first 64 bits are not (or no longer: moveBefore) another's.
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
    text().put(call.call().getEventId(), eventTime);
  }

  /** How many ids were recorded with an event time before {@code cutoff}. */
  int countBefore(long cutoff) {
    int count = 0;
    for (Long2LongMap.Entry id : Long2LongMaps.fastIterable(timeByHigh)) {
      count += id.getLongValue() < cutoff ? 1 : 0;
    }
    if (timeByText != null) {
      for (Object2LongMap.Entry<String> id : Object2LongMaps.fastIterable(timeByText)) {
        count += id.getLongValue() < cutoff ? 1 : 0;
      }
    }
    return count;
  }

  /**
   * Adds the ids recorded with an event time before {@code cutoff} to {@code older} (unless it is
   * null: they are there already) and returns the others, in maps of their own size (these ones
   * do not shrink); null if there are none.
   */
  SeenEventIds moveBefore(long cutoff, EventIdFilter older) {
    int kept = timeByHigh.size() + (timeByText == null ? 0 : timeByText.size()) - countBefore(cutoff);
    SeenEventIds rest = kept == 0 ? null : new SeenEventIds(kept);
    for (Long2LongMap.Entry id : Long2LongMaps.fastIterable(timeByHigh)) {
      long high = id.getLongKey();
      if (id.getLongValue() >= cutoff) {
        rest.timeByHigh.put(high, id.getLongValue());
        rest.lowByHigh.put(high, lowByHigh.get(high));
      } else if (older != null) {
        older.addUuid(high, lowByHigh.get(high));
      }
    }
    if (timeByText != null) {
      for (Object2LongMap.Entry<String> id : Object2LongMaps.fastIterable(timeByText)) {
        if (id.getLongValue() >= cutoff) {
          rest.text().put(id.getKey(), id.getLongValue());
        } else if (older != null) {
          older.addText(id.getKey());
        }
      }
    }
    return rest;
  }

  private Object2LongOpenHashMap<String> text() {
    if (timeByText == null) {
      timeByText = new Object2LongOpenHashMap<>();
      timeByText.defaultReturnValue(NONE);
    }
    return timeByText;
  }
}
