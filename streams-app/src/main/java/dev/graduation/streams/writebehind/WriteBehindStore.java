package dev.graduation.streams.writebehind;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorContextUtils;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A store that keeps what its processor updates as live objects in memory and writes them to a
 * logged Kafka Streams store ({@code inner}) when the task commits.
 *
 * <p>Why: Kafka Streams' own record cache holds serialised values, so every update of an
 * aggregate decodes and re-encodes it; for our buckets (maps of endpoints and permissions, a
 * latency histogram) that was most of the topology's CPU. Here an update is a field increment,
 * and each changed object is encoded and logged once per commit.
 *
 * <p>Why it is exactly-once: before Kafka Streams commits a task's transaction it flushes the
 * caches of the task's stores ({@code StreamTask.prepareCommit} -> {@code flushCache()} of every
 * {@link CachedStateStore}, the interface of its own caching layers); {@link #flushCache()} writes
 * the changed objects into {@code inner} there, so their changelog records are in the same
 * transaction as the input offsets. A task closed without a commit (crash, fencing, corruption)
 * drops the objects ({@link #clearCache()}, {@link #close()}); its state is then restored from
 * the changelog, as for any store. {@code CachedStateStore} is internal to Kafka Streams: this
 * package is the only place that leans on Kafka's internals; its README says on what, and
 * {@code WriteBehindCommitIntegrationTest} fails if that stops holding.
 *
 * <p>Interactive queries read {@code inner}: they see state as of the last commit (at most one
 * commit interval old). The task's own processors read through the subclass, objects first.
 */
public abstract class WriteBehindStore<S extends StateStore> implements StateStore, CachedStateStore<Object, Object> {

  protected final S inner;
  private InternalProcessorContext<?, ?> context;

  protected WriteBehindStore(S inner) {
    this.inner = inner;
  }

  /** Writes every object changed since the last flush into {@code inner}. */
  protected abstract void writeChanges();

  /** Drops every object held in memory, changed or not. */
  protected abstract void forgetAll();

  /**
   * Runs {@code write} against {@code inner} with the record timestamp {@code timestamp}: the
   * changelog record gets it, and the changelog's time retention goes by it (a flush has no
   * record of its own, and the default would be 0, i.e. deleted at once).
   */
  protected final void writeStamped(long timestamp, Runnable write) {
    ProcessorRecordContext current = context.recordContext();
    context.setRecordContext(
        current == null
            ? new ProcessorRecordContext(timestamp, -1, -1, null, new RecordHeaders())
            : new ProcessorRecordContext(
                timestamp, current.offset(), current.partition(), current.topic(), current.headers()));
    try {
      write.run();
    } finally {
      context.setRecordContext(current);
    }
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    this.context = ProcessorContextUtils.asInternalProcessorContext(context);
    forgetAll();
    inner.init(context, root);
  }

  @Override
  public void flushCache() {
    writeChanges();
  }

  @Override
  public void clearCache() {
    forgetAll();
  }

  /** Nothing is forwarded on a write: the processor forwards what it needs itself. */
  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public void flush() {
    writeChanges();
    inner.flush();
  }

  /**
   * Kafka 4.4 commits a store's changelog offsets through the store itself (KIP-1035: RocksDB
   * keeps them in a column family, written with the data). Everything about offsets is the
   * store underneath's: a wrapper that kept the interface's defaults looked like a store managing
   * no offsets, so Kafka Streams checkpointed it the legacy way while the RocksDB store below
   * never got its offsets; under exactly-once every task move then found "no checkpoint offsets
   * while stores are not empty" and wiped and restored the task from scratch.
   */
  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writeChanges();
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @SuppressWarnings("deprecation") // the KIP-1035 hook Kafka's own wrappers delegate too
  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  @Override
  public void close() {
    forgetAll();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
