package dev.graduation.streams.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * Kafka Streams' {@code rocksdb.config.setter}: every RocksDB store of the instance reads through
 * the instance's one block cache, with its index and filter blocks in that cache too, and its
 * memtables charged to it, so the stores' off-heap memory is {@link SharedRocksDbMemory#totalBytes()}
 * in all instead of Kafka Streams' defaults per store and segment (a 50 MiB block cache, up to
 * three 16 MiB memtables, index and filter blocks outside any cache). The recipe of Kafka's
 * "Memory Management" guide (its {@code BoundedMemoryRocksDBConfig}), with the shared objects per
 * instance rather than static.
 *
 * <p>Kafka Streams makes one of these per store (and per segment), calls {@link #setConfig} before
 * the store opens and {@link #close} when it closes.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

  private SharedRocksDbMemory memory;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    SharedRocksDbMemory instanceMemory = SharedRocksDbMemory.from(configs);
    // Kafka Streams' own table config, changed in place: its metrics read the block cache from it.
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    // Outside the cache, index and filter blocks grow with the data on disk, unbounded; in it,
    // they go to its high-priority pool, so that data blocks do not evict what every read needs.
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    SharedRocksDbMemory.Shared shared = instanceMemory.acquire();
    memory = instanceMemory;
    table.setBlockCache(shared.cache());
    options.setWriteBufferManager(shared.writeBufferManager());
    options.setTableFormatConfig(table);
    // Kafka Streams writes its stores uncompressed. Ours hold eventIds as text and a call's
    // fields as small numbers, which LZ4 roughly halves, in RocksDB's background flush and
    // compaction threads rather than the stream threads; on disk, per event, is what a platform
    // pays for keeping eight days of raw calls.
    options.setCompressionType(CompressionType.LZ4_COMPRESSION);
  }

  /** Not the shared objects' close: other stores use them; the last store's release closes them. */
  @Override
  public void close(String storeName, Options options) {
    if (memory != null) {
      memory.release();
      memory = null;
    }
  }
}
