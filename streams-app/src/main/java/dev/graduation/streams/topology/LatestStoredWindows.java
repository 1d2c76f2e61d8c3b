package dev.graduation.streams.topology;

import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.time.Instant;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Per app, the latest window start a store underneath a {@link WriteBehindStore} can hold, so
 * that loading a later window (every app's new hour, every hour) needs no read: reading a window
 * that is not there costs a RocksDB seek per segment. Learnt with one backward read per app the
 * first time it is asked, then moved forward by the writes. Windows that expire only make the
 * answer cautious: a window it calls empty is never in the store.
 */
final class LatestStoredWindows {

  /** What the store answers for an app with nothing stored. */
  static final long NONE = Long.MIN_VALUE;
  private static final long UNKNOWN = Long.MAX_VALUE;

  private final ToLongFunction<String> latestInStore;
  private final Object2LongOpenHashMap<String> latest = new Object2LongOpenHashMap<>();

  /** For a window store keyed by appId: one backward read finds an app's latest window. */
  static LatestStoredWindows of(ReadOnlyWindowStore<String, ?> store) {
    return new LatestStoredWindows(appId -> {
      try (WindowStoreIterator<?> newest = store.backwardFetch(appId, Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
        return newest.hasNext() ? newest.peekNextKey() : NONE;
      }
    });
  }

  /** @param latestInStore reads the app's latest stored window start from the store; {@link #NONE} if none */
  LatestStoredWindows(ToLongFunction<String> latestInStore) {
    this.latestInStore = latestInStore;
    latest.defaultReturnValue(UNKNOWN);
  }

  /** Whether the store may hold the app's window starting at {@code start}; if not, it is empty. */
  boolean mayHold(String appId, long start) {
    long known = latest.getLong(appId);
    if (known == UNKNOWN) {
      known = latestInStore.applyAsLong(appId);
      latest.put(appId, known);
    }
    return start <= known;
  }

  /** The app's window starting at {@code start} has just been written to the store. */
  void written(String appId, long start) {
    long known = latest.getLong(appId);
    if (known != UNKNOWN && start > known) {
      latest.put(appId, start);
    }
  }

  /** Forgets everything: the store may have been restored or replaced underneath. */
  void clear() {
    latest.clear();
  }
}
