package dev.graduation.streams.state;

import dev.graduation.config.Sizes;
import java.util.Map;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.WriteBufferManager;

/**
 * The off-heap memory of one KafkaStreams instance's RocksDB stores: one block cache that every
 * store (every segment of a window store included) reads through, and one write buffer manager
 * that charges all their memtables to that cache, so that together they stay within {@link
 * #totalBytes()} however many tasks, stores and segments the instance holds.
 *
 * <p>Kafka Streams creates a {@link BoundedMemoryRocksDbConfig} per store and gives it only the
 * app's configs, so the instance's one object travels in them under {@link #CONFIG} (as the meter
 * registry does for the DLQ handlers). It is per instance, not per JVM: tests and the local stack
 * run several instances in one JVM, each with its own bound. The native objects exist while a
 * store uses them: made when the first store opens, closed when the last one closes (when the
 * KafkaStreams closes, at the latest), so a long-lived JVM that starts and stops instances does
 * not keep their caches. (A store whose database then fails to open is never closed by Kafka
 * Streams, so its count stays: that instance's objects live on, at most its bound; the failure
 * fails the stream thread anyway.)
 */
public final class SharedRocksDbMemory {

  /** The key of the configs under which the instance's object reaches the config setter. */
  public static final String CONFIG = "graduation.rocksdb.shared.memory";

  /**
   * Memtables may take half of the total. The stores are written once per commit and changed
   * window (the write-behind stores keep the windows being counted on the heap), so memtables see
   * steady small writes and bulk writes only in a restore; half keeps flushes (small L0 files) rare
   * there, and leaves the other half for what reads need. The same split as Flink's bounded
   * RocksDB memory (write-buffer ratio 0.5), which shares one cache the same way.
   */
  static final double MEMTABLE_SHARE = 0.5;

  /**
   * A tenth of the cache is kept for index and filter blocks (cached with high priority): without
   * them every read of an SST file goes to disk, so data blocks must not push them out. Flink's
   * default high-priority pool ratio.
   */
  static final double INDEX_AND_FILTER_SHARE = 0.1;

  private final long totalBytes;
  private int storesOpen;
  private Cache cache;
  private WriteBufferManager writeBufferManager;

  public SharedRocksDbMemory(long totalBytes) {
    if (totalBytes < 1) {
      throw new IllegalArgumentException("RocksDB memory must be positive, was " + totalBytes);
    }
    this.totalBytes = totalBytes;
  }

  /**
   * The instance's object from Kafka Streams' configs.
   *
   * @throws IllegalStateException when the configs hold none: the config setter was named without
   *     its memory (every KafkaStreams of the app takes its properties from
   *     {@code StreamsAppConfig.streamsProperties()}, which puts both)
   */
  static SharedRocksDbMemory from(Map<String, ?> configs) {
    if (configs.get(CONFIG) instanceof SharedRocksDbMemory memory) {
      return memory;
    }
    throw new IllegalStateException(
        "rocksdb.config.setter " + BoundedMemoryRocksDbConfig.class.getSimpleName() + " needs a "
            + SharedRocksDbMemory.class.getSimpleName() + " under " + CONFIG + " in the Kafka Streams properties");
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** How much of the total memtables may take before the largest is flushed. */
  public long memtableBytes() {
    return (long) (totalBytes * MEMTABLE_SHARE);
  }

  /** A store opens: the shared objects it is to use, made if it is the only store. */
  synchronized Shared acquire() {
    if (storesOpen == 0) {
      // Not a strict limit: with one, a read that finds the cache full of pinned blocks fails.
      cache = new LRUCache(totalBytes, -1, false, INDEX_AND_FILTER_SHARE);
      writeBufferManager = new WriteBufferManager(memtableBytes(), cache);
    }
    storesOpen++;
    return new Shared(cache, writeBufferManager);
  }

  /**
   * A store closes: the last one closes the shared objects. Kafka Streams calls this before it
   * closes the store's database; that is safe, as a database and its options hold references of
   * their own to the native cache and write buffer manager (RocksDB's shared pointers), and no
   * store opens with these objects again.
   */
  synchronized void release() {
    if (storesOpen == 0) {
      throw new IllegalStateException("more RocksDB stores closed than opened");
    }
    storesOpen--;
    if (storesOpen == 0) {
      writeBufferManager.close();
      cache.close();
      writeBufferManager = null;
      cache = null;
    }
  }

  /** True while some store uses the shared objects (their native memory is allocated). */
  public synchronized boolean inUse() {
    return storesOpen > 0;
  }

  /** Kafka Streams logs the configs it does not know: say what this is, not an object id. */
  @Override
  public String toString() {
    return "SharedRocksDbMemory[" + Sizes.format(totalBytes) + "]";
  }

  /** What one store is configured with. */
  record Shared(Cache cache, WriteBufferManager writeBufferManager) {}
}
