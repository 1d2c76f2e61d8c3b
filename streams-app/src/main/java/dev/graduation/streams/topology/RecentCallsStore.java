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
 * of calls between two commits). In memory, per app and hour, the eventIds with their event
 * times, and the calls not written yet.
 */
final class RecentCallsStore extends WriteBehindStore<WindowStore<String, List<ReceivedCall>>> {

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  private final LiveObjects<LiveHour> live;
  private final LatestStoredWindows latestStored = LatestStoredWindows.of(inner);

  private final AppStateVersions versions;

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
    own.eventIds.add(received, eventTime);
    own.unwritten.add(received);
    own.timestamp = Math.max(own.timestamp, eventTime);
    live.changed(own);
    return true;
  }

  private static boolean isCopy(LiveHour hour, ReceivedCall received, long eventTime, long horizonMs) {
    long firstCopyAt = hour.eventIds.firstSeenAt(received);
    return firstCopyAt != SeenEventIds.NONE && Math.abs(firstCopyAt - eventTime) <= horizonMs;
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
      try (WindowStoreIterator<List<ReceivedCall>> chunks = inner.fetch(appId, start, start)) {
        chunks.forEachRemaining(entry -> entry.value.forEach(
            received -> loaded.eventIds.add(received, received.call().getTimestamp())));
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
    live.trim();
  }

  @Override
  protected void forgetAll() {
    live.clear();
    latestStored.clear();
    versions.changedAll();
  }

  /**
   * One app hour: the eventIds seen in it, and its calls since the last write. The eventIds of
   * every live hour stay in memory until the hour leaves it ({@link SeenEventIds}).
   */
  private static final class LiveHour extends LiveObjects.Live {
    private final SeenEventIds eventIds = new SeenEventIds();
    private List<ReceivedCall> unwritten = new ArrayList<>();
    private long timestamp = Long.MIN_VALUE;

    LiveHour(String appId, long start) {
      super(appId, start);
    }
  }
}
