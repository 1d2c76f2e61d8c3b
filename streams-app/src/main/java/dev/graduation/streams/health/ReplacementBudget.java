package dev.graduation.streams.health;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bounded-replacement policy of {@link ThreadReplacementLimit}: records each stream-thread
 * failure and says whether the thread may be replaced. Failures older than the window are
 * forgotten. Thread-safe: stream threads fail concurrently.
 */
public final class ReplacementBudget {

  private final ThreadReplacementLimit limit;
  private final InstantSource clock;
  /** Times of the failures within the window, oldest first. */
  private final Deque<Instant> recent = new ArrayDeque<>();

  /** @param clock the time of each failure (a {@link java.time.Clock} in the app) */
  public ReplacementBudget(ThreadReplacementLimit limit, InstantSource clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /** Records a failure now; true while it is within the replacements the limit allows. */
  public synchronized boolean replaceAfterFailure() {
    Instant now = clock.instant();
    forgetOlderThanWindow(now);
    recent.addLast(now);
    return recent.size() <= limit.maxReplacements();
  }

  /** Failures within the window ending now. */
  public synchronized int failuresInWindow() {
    forgetOlderThanWindow(clock.instant());
    return recent.size();
  }

  public ThreadReplacementLimit limit() {
    return limit;
  }

  private void forgetOlderThanWindow(Instant now) {
    Instant windowStart = now.minus(limit.window());
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(windowStart)) {
      recent.removeFirst();
    }
  }
}
