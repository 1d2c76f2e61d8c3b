package dev.graduation.streams.writebehind;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a {@link WriteBehindStore} around a store from Kafka Streams' own builder, which keeps
 * the store's name, changelog and logging settings. Kafka Streams' record cache is always off
 * underneath: the write-behind store is the cache.
 */
public final class WriteBehindStoreBuilder<S extends StateStore, T extends WriteBehindStore<S>>
    implements StoreBuilder<T> {

  private final StoreBuilder<S> inner;
  private final Function<S, T> wrap;

  public WriteBehindStoreBuilder(StoreBuilder<S> inner, Function<S, T> wrap) {
    this.inner = inner.withCachingDisabled();
    this.wrap = wrap;
  }

  @Override
  public StoreBuilder<T> withCachingEnabled() {
    throw new UnsupportedOperationException("a write-behind store is its own cache");
  }

  @Override
  public StoreBuilder<T> withCachingDisabled() {
    return this;
  }

  @Override
  public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public StoreBuilder<T> withLoggingDisabled() {
    inner.withLoggingDisabled();
    return this;
  }

  @Override
  public T build() {
    return wrap.apply(inner.build());
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return inner.loggingEnabled();
  }

  @Override
  public String name() {
    return inner.name();
  }
}
