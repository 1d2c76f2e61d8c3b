package dev.graduation.streams.activity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per app, a number that grows whenever what the query API reads of the app may have changed:
 * the stream thread says so after it wrote the app's state where queries read it, and says "all
 * apps" whenever state may have changed under it (a task's stores opened, closed or wiped, a
 * rebalance). An answer computed after reading version {@code v} is still right while the version
 * is {@code v} ({@code query.EligibilityAnswers} keeps answers on this).
 *
 * <p>One counter for both kinds of change: an app's version is the later of its own last change
 * and the last change of all, so either makes it grow. Lock-free for readers; one map entry per
 * app that has changed since start (a few dozen bytes each).
 */
public final class AppStateVersions {

  private final AtomicLong changes = new AtomicLong();
  private final Map<String, Long> changedAt = new ConcurrentHashMap<>();
  private volatile long allChangedAt;

  /** The app's version now. */
  public long of(String appId) {
    Long own = changedAt.get(appId);
    long all = allChangedAt;
    return own == null ? all : Math.max(own, all);
  }

  /** The app's state as queries read it has changed (call after the write). */
  public void changed(String appId) {
    changedAt.put(appId, changes.incrementAndGet());
  }

  /** Any app's state may have changed. */
  public void changedAll() {
    allChangedAt = changes.incrementAndGet();
  }
}
