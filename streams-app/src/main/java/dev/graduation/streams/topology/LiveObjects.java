package dev.graduation.streams.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The objects a {@link dev.graduation.streams.writebehind.WriteBehindStore} holds, per app and window start: which changed since the
 * last write, and a bound on how many stay in memory after it (least recently used leave first).
 * Used by the stream thread only. Window starts are primitive keys: every call looks up a few.
 * An app's objects are a short sorted array ({@link Windows}): most apps have a handful, and a
 * red-black tree's lookups, node allocations and rebalancing were a tenth of the stream threads'
 * CPU at 10,000 apps.
 *
 * <p>Recency is a list threaded through the objects themselves, least recently used first: a use
 * moves an object to the end, and a trim walks from the front and stops when enough are gone.
 * With many quiet apps a store is over its bound at every commit; sorting every object by its
 * last use there was 9 % of the stream threads at 10,000 apps.
 */
final class LiveObjects<T extends LiveObjects.Live> {

  /** What every live object knows: where it belongs, whether it changed, when it was last used. */
  abstract static class Live {
    // Package-private: LiveObjects reaches them through its type variable.
    final String appId;
    final long start;
    boolean changed;
    /** Neighbours in the recency list: less and more recently used. */
    Live older;
    Live newer;
    /** The app's objects that this one is in, so a trim finds it without a lookup. */
    Windows<?> home;

    Live(String appId, long start) {
      this.appId = appId;
      this.start = start;
    }

    String appId() {
      return appId;
    }

    long start() {
      return start;
    }

    /** Whether it is still among the live objects: not trimmed or replaced ({@link #clear} does not say). */
    boolean held() {
      return home != null;
    }
  }

  private final int capacity;
  private final Map<String, Windows<T>> byApp = new HashMap<>();
  private final List<T> changed = new ArrayList<>();
  private int size;
  /** The least and the most recently used object. */
  private Live oldest;
  private Live newest;

  LiveObjects(int capacity) {
    this.capacity = capacity;
  }

  T get(String appId, long start) {
    Windows<T> windows = byApp.get(appId);
    return windows == null ? null : get(windows, start);
  }

  T put(String appId, long start, T object) {
    return put(windowsOf(appId), start, object);
  }

  /** Whether {@code more} objects can be added without going over the capacity. */
  boolean hasRoomFor(int more) {
    return size + more <= capacity;
  }

  /** The app's objects, for several lookups at the price of one. */
  Windows<T> windowsOf(String appId) {
    return byApp.computeIfAbsent(appId, ignored -> new Windows<>());
  }

  T get(Windows<T> windows, long start) {
    T object = windows.get(start);
    if (object != null && object != newest) {
      unlink(object);
      append(object);
    }
    return object;
  }

  T put(Windows<T> windows, long start, T object) {
    T replaced = windows.put(start, object);
    if (replaced != null) {
      unlink(replaced);
      replaced.home = null;
      size--;
    }
    object.home = windows;
    append(object);
    size++;
    return object;
  }

  /** The app's objects with a start in [from, to], by start; their use is not counted. */
  List<T> of(String appId, long from, long to) {
    Windows<T> windows = byApp.get(appId);
    List<T> within = new ArrayList<>();
    if (windows != null) {
      windows.forEachWithin(from, to, within::add);
    }
    return within;
  }

  /** Every object whose start is in [from, to]. */
  void forEachWithin(long from, long to, Consumer<T> action) {
    byApp.values().forEach(windows -> windows.forEachWithin(from, to, action));
  }

  void changed(T object) {
    if (!object.changed) {
      object.changed = true;
      changed.add(object);
    }
  }

  /** The objects changed since the last call, now counted as written. */
  List<T> takeChanged() {
    List<T> taken = List.copyOf(changed);
    changed.clear();
    taken.forEach(object -> object.changed = false);
    return taken;
  }

  /**
   * Drops the least recently used unchanged objects down to nine tenths of the capacity (not
   * just to it, so that a full store does not trim at every commit).
   *
   * @return the apps that lost objects
   */
  Set<String> trim() {
    Set<String> trimmed = new HashSet<>();
    if (size <= capacity) {
      return trimmed;
    }
    int target = capacity - capacity / 10;
    Live next;
    for (Live object = oldest; object != null && size > target; object = next) {
      next = object.newer;
      if (!object.changed) {
        object.home.remove(object);
        if (object.home.isEmpty()) {
          byApp.remove(object.appId);
        }
        object.home = null;
        unlink(object);
        size--;
        trimmed.add(object.appId);
      }
    }
    return trimmed;
  }

  void clear() {
    byApp.clear();
    changed.clear();
    size = 0;
    oldest = null;
    newest = null;
  }

  private void append(Live object) {
    object.older = newest;
    object.newer = null;
    if (newest == null) {
      oldest = object;
    } else {
      newest.newer = object;
    }
    newest = object;
  }

  private void unlink(Live object) {
    if (object.older == null) {
      oldest = object.newer;
    } else {
      object.older.newer = object.newer;
    }
    if (object.newer == null) {
      newest = object.older;
    } else {
      object.newer.older = object.older;
    }
    object.older = null;
    object.newer = null;
  }

  /** One app's objects, sorted by start in parallel arrays. */
  static final class Windows<T extends Live> {
    private long[] starts = new long[2];
    private Live[] objects = new Live[2];
    private int size;

    @SuppressWarnings("unchecked")
    T get(long start) {
      int at = Arrays.binarySearch(starts, 0, size, start);
      return at < 0 ? null : (T) objects[at];
    }

    /** @return the object it replaced, if any */
    @SuppressWarnings("unchecked")
    T put(long start, T object) {
      int at = Arrays.binarySearch(starts, 0, size, start);
      if (at >= 0) {
        T replaced = (T) objects[at];
        objects[at] = object;
        return replaced;
      }
      int insertAt = -at - 1;
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        objects = Arrays.copyOf(objects, size * 2);
      }
      System.arraycopy(starts, insertAt, starts, insertAt + 1, size - insertAt);
      System.arraycopy(objects, insertAt, objects, insertAt + 1, size - insertAt);
      starts[insertAt] = start;
      objects[insertAt] = object;
      size++;
      return null;
    }

    void remove(Live object) {
      int at = Arrays.binarySearch(starts, 0, size, object.start);
      if (at >= 0 && objects[at] == object) {
        System.arraycopy(starts, at + 1, starts, at, size - at - 1);
        System.arraycopy(objects, at + 1, objects, at, size - at - 1);
        size--;
        objects[size] = null;
      }
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** The objects whose start is in [from, to], by start. */
    @SuppressWarnings("unchecked")
    void forEachWithin(long from, long to, Consumer<? super T> action) {
      int at = Arrays.binarySearch(starts, 0, size, from);
      for (int i = at < 0 ? -at - 1 : at; i < size && starts[i] <= to; i++) {
        action.accept((T) objects[i]);
      }
    }
  }
}
