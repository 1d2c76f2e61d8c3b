package dev.graduation.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;

/**
 * The config setter on real RocksDB databases, opened the way Kafka Streams opens a store (its
 * options with a block-based table config, the setter called before the open, its close before
 * the database's), without Kafka.
 *
 * <p>Seen failing with a cache made per store in {@code SharedRocksDbMemory.acquire()} (the second
 * database reported a cache usage of 262,320 bytes, its own memtable's charge, beside the first's
 * 328,256), and with {@code release()} never counting down (still in use after the last store
 * closed).
 */
class BoundedMemoryRocksDbConfigTest {

  private static final long TOTAL = 24L * 1024 * 1024 + 4096;

  @TempDir Path dir;
  private final SharedRocksDbMemory memory = new SharedRocksDbMemory(TOTAL);
  private final Deque<Store> toClose = new ArrayDeque<>(); // the last opened first

  @AfterEach
  void closeAll() {
    toClose.forEach(Store::close);
  }

  @Test
  void everyStoreReadsThroughOneCacheOfTheConfiguredSize() throws RocksDBException {
    Store first = open("first");
    Store second = open("second");

    first.db.put(bytes("key"), new byte[64 * 1024]);
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      first.db.flush(flush);
    }
    assertThat(first.db.get(bytes("key"))).hasSize(64 * 1024); // read from the file: into the cache

    long usage = first.db.getLongProperty("rocksdb.block-cache-usage");
    assertThat(usage).isGreaterThanOrEqualTo(64 * 1024);
    assertThat(second.db.getLongProperty("rocksdb.block-cache-usage")).isEqualTo(usage);
    assertThat(first.db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(TOTAL);
    assertThat(second.db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(TOTAL);
    assertThat(second.options.writeBufferManager()).isSameAs(first.options.writeBufferManager());
    BlockBasedTableConfig table = (BlockBasedTableConfig) first.options.tableFormatConfig();
    assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
    assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
    assertThat(memory.memtableBytes()).isEqualTo(TOTAL / 2);
    // Compressed on disk (seen failing without setCompressionType: NO_COMPRESSION, Kafka Streams' default).
    assertThat(first.options.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
  }

  @Test
  void theLastStoreToCloseFreesTheSharedObjectsAndTheNextStoreGetsNewOnes() throws RocksDBException {
    Store first = open("first");
    Store second = open("second");
    WriteBufferManager shared = first.options.writeBufferManager();

    first.close();
    assertThat(memory.inUse()).isTrue();
    assertThat(shared.isOwningHandle()).isTrue();
    second.close();
    assertThat(memory.inUse()).isFalse();
    assertThat(shared.isOwningHandle()).isFalse();

    Store again = open("again");
    assertThat(memory.inUse()).isTrue();
    assertThat(again.options.writeBufferManager()).isNotSameAs(shared);
    assertThat(again.db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(TOTAL);
  }

  @Test
  void withoutTheSharedMemoryInTheConfigsTheStoreDoesNotOpen() {
    try (Options options = kafkaStreamsOptions()) {
      assertThatThrownBy(() -> new BoundedMemoryRocksDbConfig().setConfig("store", options, Map.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("rocksdb.config.setter BoundedMemoryRocksDbConfig needs a SharedRocksDbMemory under "
              + "graduation.rocksdb.shared.memory in the Kafka Streams properties");
    }
  }

  private Store open(String name) throws RocksDBException {
    Options options = kafkaStreamsOptions();
    BoundedMemoryRocksDbConfig setter = new BoundedMemoryRocksDbConfig();
    setter.setConfig(name, options, Map.of(SharedRocksDbMemory.CONFIG, memory));
    Store store = new Store(name, options, setter, RocksDB.open(options, dir.resolve(name).toString()));
    toClose.push(store);
    return store;
  }

  /** What Kafka Streams hands the setter: options with a block-based table config of its own. */
  private static Options kafkaStreamsOptions() {
    return new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A store as Kafka Streams closes it: the setter first, then the database and its options. */
  private static final class Store implements AutoCloseable {
    final String name;
    final Options options;
    final BoundedMemoryRocksDbConfig setter;
    final RocksDB db;
    boolean closed;

    Store(String name, Options options, BoundedMemoryRocksDbConfig setter, RocksDB db) {
      this.name = name;
      this.options = options;
      this.setter = setter;
      this.db = db;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        setter.close(name, options);
        db.close();
        options.close();
      }
    }
  }
}
