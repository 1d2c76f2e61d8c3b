package dev.graduation.streams.topology;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The apps of a task whose verdict may have changed since it was last evaluated, oldest mark
 * first. {@link ActivityRecorder} marks an app per counted call and {@link VerdictProcessor}
 * takes the marks: sharing this in-memory store spares every call a record forwarded between
 * them. Not logged: after a restart the verdict sweep marks every app anyway.
 */
final class ChangedApps implements StateStore {

  private final String name;
  private final Set<String> marked = new LinkedHashSet<>();
  private boolean open;

  private ChangedApps(String name) {
    this.name = name;
  }

  static StoreBuilder<ChangedApps> builder(String name) {
    return new Builder(name);
  }

  void mark(String appId) {
    marked.add(appId);
  }

  /** Removes and returns the oldest mark; null when there is none. */
  String takeOldest() {
    Iterator<String> oldest = marked.iterator();
    if (!oldest.hasNext()) {
      return null;
    }
    String appId = oldest.next();
    oldest.remove();
    return appId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    marked.clear();
    // No changelog: nothing to restore; registering tells Kafka Streams the store is ready.
    context.register(root, (key, value) -> { });
    open = true;
  }

  @Override
  public void flush() {
    // In memory only.
  }

  @Override
  public void close() {
    marked.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private static final class Builder implements StoreBuilder<ChangedApps> {
    private final String name;

    Builder(String name) {
      this.name = name;
    }

    @Override
    public StoreBuilder<ChangedApps> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<ChangedApps> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<ChangedApps> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("marks are not worth a changelog: the sweep marks every app");
    }

    @Override
    public StoreBuilder<ChangedApps> withLoggingDisabled() {
      return this;
    }

    @Override
    public ChangedApps build() {
      return new ChangedApps(name);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
