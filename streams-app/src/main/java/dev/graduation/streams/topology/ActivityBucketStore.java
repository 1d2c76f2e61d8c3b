package dev.graduation.streams.topology;

import dev.graduation.streams.writebehind.WriteBehindStore;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.writebehind.WriteBehindStoreBuilder;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.LatencyHistograms;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Per app, one {@link ActivityBucket} per window (a UTC hour or day), written behind (see
 * {@link WriteBehindStore}): the buckets being counted into live in memory with their latency
 * histogram decoded, and each changed bucket is encoded once per commit. Underneath is the same
 * timestamped window store (and changelog) a DSL windowed aggregate would have.
 *
 * <p>{@link TimestampedBytesStore} marks the store as timestamped for Kafka Streams' restore:
 * the changelog holds values without their timestamp (it is the record's), and restoring puts it
 * back in front. Without the mark, a restored bucket would not decode.
 */
final class ActivityBucketStore extends WriteBehindStore<TimestampedWindowStore<String, ActivityBucket>>
    implements TimestampedBytesStore {

  private final long windowMs;
  private final LiveObjects<LiveBucket> live;
  /**
   * Per app, the window starts [from, to] whose stored buckets are all live objects: a fetch
   * inside it (a verdict every second) needs no read and no decoding of the store underneath.
   */
  private final Map<String, long[]> loaded = new HashMap<>();
  private final LatestStoredWindows latestStored = LatestStoredWindows.of(inner);

  private final AppStateVersions versions;

  private ActivityBucketStore(
      TimestampedWindowStore<String, ActivityBucket> inner, Duration window, int capacity, AppStateVersions versions) {
    super(inner);
    this.versions = versions;
    this.windowMs = window.toMillis();
    this.live = new LiveObjects<>(capacity);
  }

  /**
   * @param capacity buckets kept in memory after a commit (least recently used go first); the
   *     buckets changed between two commits are always all kept until the commit
   * @param versions told of every app whose buckets were written, and of every reset
   */
  static StoreBuilder<ActivityBucketStore> builder(
      String name,
      Duration retention,
      Duration window,
      Serde<String> keys,
      Serde<ActivityBucket> values,
      int capacity,
      AppStateVersions versions) {
    return new WriteBehindStoreBuilder<>(
        Stores.timestampedWindowStoreBuilder(
            Stores.persistentTimestampedWindowStore(name, retention, window, false), keys, values),
        inner -> new ActivityBucketStore(inner, window, capacity, versions));
  }

  /** Start of the window holding {@code timestamp} (windows are aligned to the epoch, so UTC). */
  long windowStart(long timestamp) {
    return timestamp - Math.floorMod(timestamp, windowMs);
  }

  /**
   * Counts {@code call} into the app's bucket of the window holding the call's event time.
   *
   * @param endpointKey {@link ActivityBuckets#endpointKey} of the call
   */
  void add(String appId, EnrichedCall call, String endpointKey) {
    long start = windowStart(call.getTimestamp());
    LiveBucket bucket = live.get(appId, start);
    if (bucket == null) {
      bucket = live.put(appId, start, load(appId, start));
    }
    bucket.add(call, endpointKey);
    live.changed(bucket);
  }

  /**
   * The app's buckets whose windows start in [from, to], oldest first; not to be modified. Read
   * from the store, they become live objects while there is room, so the next fetch of the same
   * windows (a busy app's verdict every second) reads memory only; without room they are answered
   * and dropped. A verdict reads two days of hours: with thousands of quiet apps, keeping them
   * would push out the buckets being counted into, each then read and decoded again.
   */
  List<ActivityReader.Bucket> fetch(String appId, Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    long[] range = loaded.get(appId);
    boolean allLive = range != null && fromMs >= range[0] && toMs <= range[1];
    Map<Long, ActivityBucket> unkept = allLive ? Map.of() : readStored(appId, fromMs, toMs);
    Map<Long, ActivityBucket> byStart = unkept.isEmpty() ? new LinkedHashMap<>() : new TreeMap<>(unkept);
    live.of(appId, fromMs, toMs).forEach(bucket -> byStart.put(bucket.start(), bucket.current()));
    List<ActivityReader.Bucket> result = new ArrayList<>(byStart.size());
    byStart.forEach((start, bucket) -> result.add(new ActivityReader.Bucket(Instant.ofEpochMilli(start), bucket)));
    return result;
  }

  /**
   * Sets the app's bucket of the window starting at {@code start}, replacing whatever was there.
   *
   * @param timestamp the latest event time it counts
   */
  void put(String appId, long start, ActivityBucket bucket, long timestamp) {
    LiveBucket existing = live.get(appId, start);
    if (existing == null) {
      live.changed(live.put(appId, start, new LiveBucket(appId, start, bucket, timestamp)));
    } else {
      existing.replaceWith(bucket, timestamp);
      live.changed(existing);
    }
  }

  /**
   * Every app's buckets whose windows start in [from, to], written or not, in one pass over the
   * store (a live object stands for its stored bucket); not to be modified.
   */
  Map<String, List<ActivityBucket>> bucketsWithin(Instant from, Instant to) {
    Map<String, Map<Long, ActivityBucket>> byApp = new HashMap<>();
    live.forEachWithin(from.toEpochMilli(), to.toEpochMilli(), bucket ->
        byApp.computeIfAbsent(bucket.appId(), ignored -> new HashMap<>()).put(bucket.start(), bucket.current()));
    try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<ActivityBucket>> stored = inner.fetchAll(from, to)) {
      stored.forEachRemaining(entry -> byApp
          .computeIfAbsent(entry.key.key(), ignored -> new HashMap<>())
          .putIfAbsent(entry.key.window().start(), entry.value.value()));
    }
    Map<String, List<ActivityBucket>> buckets = new HashMap<>();
    byApp.forEach((appId, windows) -> buckets.put(appId, List.copyOf(windows.values())));
    return buckets;
  }

  /**
   * Reads the app's stored buckets in [fromMs, toMs] that are not live; keeps them as live
   * objects when there is room (and returns none), else returns them by start.
   */
  private Map<Long, ActivityBucket> readStored(String appId, long fromMs, long toMs) {
    LongSet liveNow = new LongOpenHashSet();
    live.of(appId, fromMs, toMs).forEach(bucket -> liveNow.add(bucket.start()));
    List<LiveBucket> stored = new ArrayList<>();
    try (WindowStoreIterator<ValueAndTimestamp<ActivityBucket>> entries = inner.fetch(appId, fromMs, toMs)) {
      entries.forEachRemaining(entry -> {
        if (!liveNow.contains(entry.key.longValue())) {
          stored.add(new LiveBucket(appId, entry.key, entry.value.value(), entry.value.timestamp()));
        }
      });
    }
    if (live.hasRoomFor(stored.size())) {
      stored.forEach(bucket -> live.put(appId, bucket.start(), bucket));
      loaded.put(appId, new long[] {fromMs, toMs});
      return Map.of();
    }
    Map<Long, ActivityBucket> unkept = new HashMap<>();
    stored.forEach(bucket -> unkept.put(bucket.start(), bucket.current()));
    return unkept;
  }

  private LiveBucket load(String appId, long start) {
    ValueAndTimestamp<ActivityBucket> value = latestStored.mayHold(appId, start) ? inner.fetch(appId, start) : null;
    return value == null
        ? new LiveBucket(appId, start, ActivityBuckets.empty(), Long.MIN_VALUE)
        : new LiveBucket(appId, start, value.value(), value.timestamp());
  }

  @Override
  protected void writeChanges() {
    for (LiveBucket bucket : live.takeChanged()) {
      ValueAndTimestamp<ActivityBucket> value = ValueAndTimestamp.make(bucket.current(), bucket.timestamp);
      writeStamped(bucket.timestamp, () -> inner.put(bucket.appId(), value, bucket.start()));
      latestStored.written(bucket.appId(), bucket.start());
      versions.changed(bucket.appId());
    }
    live.trim().forEach(loaded::remove);
  }

  @Override
  protected void forgetAll() {
    live.clear();
    loaded.clear();
    latestStored.clear();
    versions.changedAll();
  }

  /** A bucket being counted into: its latency histogram stays decoded until the next write. */
  private static final class LiveBucket extends LiveObjects.Live {
    private ActivityBucket bucket;
    private Histogram latency;
    private boolean latencyChanged;
    private long timestamp;

    LiveBucket(String appId, long start, ActivityBucket bucket, long timestamp) {
      super(appId, start);
      this.bucket = bucket;
      this.timestamp = timestamp;
    }

    void add(EnrichedCall call, String endpointKey) {
      ActivityBuckets.addCounts(bucket, call, endpointKey);
      Long latencyMs = ActivityBuckets.latencyOf(call);
      if (latencyMs != null) {
        if (latency == null) {
          latency = LatencyHistograms.decode(bucket.getLatency());
        }
        LatencyHistograms.record(latency, latencyMs);
        latencyChanged = true;
      }
      timestamp = Math.max(timestamp, call.getTimestamp());
    }

    void replaceWith(ActivityBucket replacement, long replacementTimestamp) {
      bucket = replacement;
      latency = null;
      latencyChanged = false;
      timestamp = replacementTimestamp;
    }

    ActivityBucket current() {
      if (latencyChanged) {
        bucket.setLatency(LatencyHistograms.encode(latency));
        latencyChanged = false;
      }
      return bucket;
    }
  }
}
