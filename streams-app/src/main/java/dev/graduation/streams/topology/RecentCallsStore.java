package dev.graduation.streams.topology;

import dev.graduation.streams.events.CallChunkSerde;
import dev.graduation.streams.events.CallChunks;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.ReceivedCall;
import dev.graduation.streams.writebehind.WriteBehindStore;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.writebehind.WriteBehindStoreBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Every deduplicated call of each app, kept for exact partial-hour answers, and the eventIds
 * that dedup checks against, written behind (see {@link WriteBehindStore}).
 *
 * <p>Underneath, a window store holds the chunks of each app, UTC hour and commit (the hour's
 * calls that arrived since the previous commit, a few bytes each besides the eventId: {@link
 * CallChunkSerde}), so the changelog gets a record per app and hour per commit rather than one
 * per call; as many records as that commit's calls of the hour need to stay within {@link
 * dev.graduation.streams.events.StoredValueLimit#BYTES} each (one, unless an app makes thousands
 * of calls between two commits). In memory, per app and hour, the eventIds ({@link
 * HourEventIds}) and the calls not written yet.
 *
 * <p>An id is held exactly while its call's event time is within {@link #EXACT_WINDOW_MS} of the
 * latest event time seen (the task's stream time, for calls); at a commit once every {@link
 * #MOVE_EVERY_MS} of it, the older ids of every live hour move into the hour's Bloom filter, after
 * the hour's calls were written, so that a filter's "maybe" can be confirmed by reading the hour
 * back ({@link LiveHour#anyMatch}). Heap for dedup is then ~56 bytes per call of the last minute or
 * two plus 2-4 bytes per older call of a live hour, where it was ~56 per call of every live hour.
 */
final class RecentCallsStore extends WriteBehindStore<WindowStore<String, List<ReceivedCall>>> {

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  /**
   * How far behind the latest event time a call's eventId is still held exactly. A gateway retry
   * comes within seconds and is found without a read; a copy that comes later costs a read of its
   * app hour (every call of the hour decoded; how long that takes for a busy hour is not measured
   * yet), and so does a filter's false positive (rare: see {@link EventIdFilter}).
   */
  private static final long EXACT_WINDOW_MS = Duration.ofMinutes(1).toMillis();
  /** How much event time passes between two moves into the filters: each id is looked at about three times. */
  private static final long MOVE_EVERY_MS = Duration.ofSeconds(30).toMillis();
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final LiveObjects<LiveHour> live;
  private final LatestStoredWindows latestStored = LatestStoredWindows.of(inner);

  private final AppStateVersions versions;
  /** The latest event time of a call checked; UNKNOWN before the first. */
  private long latestEventTime = UNKNOWN;
  private long nextMoveAt = UNKNOWN;
  /** The live hours that hold ids exactly (and hours trimmed since, dropped at the next move). */
  private List<LiveHour> withRecentIds = new ArrayList<>();
  private IntFunction<EventIdFilter> filters = EventIdFilter::withRoomFor;
  private long hourReads;

  private RecentCallsStore(WindowStore<String, List<ReceivedCall>> inner, int capacity, AppStateVersions versions) {
    super(inner);
    this.versions = versions;
    this.live = new LiveObjects<>(capacity);
  }

  /**
   * @param capacity app hours kept in memory after a commit (see {@link ActivityBucketStore})
   * @param versions told of every app whose calls were written, and of every reset
   */
  static StoreBuilder<RecentCallsStore> builder(
      String name,
      Duration retention,
      Serde<String> keys,
      Serde<List<ReceivedCall>> values,
      int capacity,
      AppStateVersions versions) {
    return new WriteBehindStoreBuilder<>(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(name, retention, Duration.ofHours(1), true), keys, values),
        inner -> new RecentCallsStore(inner, capacity, versions));
  }

  /**
   * Keeps {@code call}, unless the app already has a call with its eventId whose event time is
   * within {@code horizonMs} of it.
   *
   * @return whether the call was kept: a first copy
   */
  boolean addFirstCopy(String appId, ReceivedCall received, long horizonMs) {
    EnrichedCall call = received.call();
    long eventTime = call.getTimestamp();
    latestEventTime = Math.max(latestEventTime, eventTime);
    LiveObjects.Windows<LiveHour> hours = live.windowsOf(appId);
    LiveHour own = hour(hours, appId, hourStart(eventTime));
    // The call's own hour first: a gateway retry repeats the event time.
    if (isCopy(own, received, eventTime, horizonMs)) {
      return false;
    }
    for (long start = hourStart(eventTime - horizonMs); start <= eventTime + horizonMs; start += HOUR_MS) {
      if (start != own.start()) {
        LiveHour neighbour = heldHour(hours, appId, start);
        if (neighbour != null && isCopy(neighbour, received, eventTime, horizonMs)) {
          return false;
        }
      }
    }
    if (!own.eventIds.hasRecent()) {
      withRecentIds.add(own);
    }
    own.eventIds.add(received, eventTime);
    own.unwritten.add(received);
    own.timestamp = Math.max(own.timestamp, eventTime);
    live.changed(own);
    return true;
  }

  private static boolean isCopy(LiveHour hour, ReceivedCall received, long eventTime, long horizonMs) {
    return hour.eventIds.hasCopy(received, eventTime, horizonMs, hour);
  }

  /** The app's calls with event time in [from, to], oldest first. */
  List<EnrichedCall> calls(String appId, Instant from, Instant to) {
    long fromHour = hourStart(from.toEpochMilli());
    long toHour = hourStart(to.toEpochMilli());
    List<List<ReceivedCall>> chunks = new ArrayList<>();
    try (WindowStoreIterator<List<ReceivedCall>> stored = inner.fetch(appId, fromHour, toHour)) {
      stored.forEachRemaining(entry -> chunks.add(entry.value));
    }
    live.of(appId, fromHour, toHour).forEach(hour -> chunks.add(hour.unwritten));
    return CallChunks.within(chunks, from, to);
  }

  private LiveHour hour(LiveObjects.Windows<LiveHour> hours, String appId, long start) {
    LiveHour hour = live.get(hours, start);
    return hour != null ? hour : load(hours, appId, start);
  }

  private LiveHour load(LiveObjects.Windows<LiveHour> hours, String appId, long start) {
    LiveHour loaded = live.put(hours, start, new LiveHour(appId, start));
    if (latestStored.mayHold(appId, start)) {
      List<List<ReceivedCall>> stored = new ArrayList<>();
      try (WindowStoreIterator<List<ReceivedCall>> chunks = inner.fetch(appId, start, start)) {
        chunks.forEachRemaining(entry -> stored.add(entry.value));
      }
      if (loaded.eventIds.load(stored, exactFrom(), filters)) {
        withRecentIds.add(loaded);
      }
    }
    return loaded;
  }

  /**
   * The app's hour starting at {@code start} if it may hold calls, else null: a neighbouring hour
   * that neither memory nor the store has is not made a live object (with many quiet apps, empty
   * next hours were a third of the live objects, each added and trimmed again).
   */
  private LiveHour heldHour(LiveObjects.Windows<LiveHour> hours, String appId, long start) {
    LiveHour hour = live.get(hours, start);
    return hour != null || !latestStored.mayHold(appId, start) ? hour : load(hours, appId, start);
  }

  static long hourStart(long timestamp) {
    return timestamp - Math.floorMod(timestamp, HOUR_MS);
  }

  @Override
  protected void writeChanges() {
    for (LiveHour hour : live.takeChanged()) {
      List<ReceivedCall> unwritten = hour.unwritten;
      hour.unwritten = new ArrayList<>();
      // The window store keeps duplicates: several chunks of one hour and commit read back as one.
      for (List<ReceivedCall> chunk : CallChunkSerde.bounded(unwritten)) {
        writeStamped(hour.timestamp, () -> inner.put(hour.appId(), chunk, hour.start()));
      }
      latestStored.written(hour.appId(), hour.start());
      versions.changed(hour.appId());
    }
    if (latestEventTime != UNKNOWN && latestEventTime >= nextMoveAt) {
      moveOlderIds(exactFrom());
      nextMoveAt = latestEventTime + MOVE_EVERY_MS;
    }
    live.trim();
  }

  /** Every live hour's ids of calls before {@code cutoff} into its filter; all its calls are written. */
  private void moveOlderIds(long cutoff) {
    List<LiveHour> held = withRecentIds;
    withRecentIds = new ArrayList<>();
    for (LiveHour hour : held) {
      if (hour.held()) {
        hour.eventIds.moveBefore(cutoff, hour, filters);
        if (hour.eventIds.hasRecent()) {
          withRecentIds.add(hour);
        }
      }
    }
  }

  /** The earliest event time whose calls' ids are held exactly. */
  private long exactFrom() {
    return latestEventTime == UNKNOWN ? UNKNOWN : latestEventTime - EXACT_WINDOW_MS;
  }

  /** For tests: how filters are made, given the ids they need room for. */
  void makeFiltersWith(IntFunction<EventIdFilter> filters) {
    this.filters = filters;
  }

  /** For tests: how many times an app hour was read back to confirm a filter's "maybe" or to make a bigger filter. */
  long hourReads() {
    return hourReads;
  }

  @Override
  protected void forgetAll() {
    live.clear();
    withRecentIds = new ArrayList<>();
    latestStored.clear();
    versions.changedAll();
  }

  /**
   * One app hour: the eventIds seen in it ({@link HourEventIds}: the recent ones exactly, the
   * others in a filter), and its calls since the last write. It reads its calls back for its
   * eventIds (not static: the store underneath is the outer instance's).
   */
  private final class LiveHour extends LiveObjects.Live implements HourEventIds.KeptCalls {
    private final HourEventIds eventIds = new HourEventIds();
    private List<ReceivedCall> unwritten = new ArrayList<>();
    private long timestamp = Long.MIN_VALUE;

    LiveHour(String appId, long start) {
      super(appId, start);
    }

    @Override
    public boolean anyMatch(Predicate<ReceivedCall> test) {
      hourReads++;
      if (latestStored.mayHold(appId(), start())) {
        try (WindowStoreIterator<List<ReceivedCall>> chunks = inner.fetch(appId(), start(), start())) {
          while (chunks.hasNext()) {
            if (chunks.next().value.stream().anyMatch(test)) {
              return true;
            }
          }
        }
      }
      return unwritten.stream().anyMatch(test);
    }
  }
}
