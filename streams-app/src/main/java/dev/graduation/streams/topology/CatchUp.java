package dev.graduation.streams.topology;

import java.time.Duration;

/**
 * Whether a task is catching up on a backlog, judged once per verdict interval from its stream
 * time (the latest event time it has read) against the wall clock. A backlog starts when stream
 * time is more than {@link #BEHIND} behind the clock and runs more than {@link #PACE} times as
 * fast as it; it ends when stream time comes within {@link #BEHIND} of the clock, or stops moving
 * for {@link #QUIET} (everything there was is read). Live traffic keeps stream time within
 * seconds of the clock and moving at its pace; a backlog (a restart after downtime, a replay, a
 * gateway draining its buffer) runs through hours of event time a second, though not every
 * second: with more tasks than threads, a task can wait seconds for its turn.
 *
 * <p>While a task catches up, verdicts wait: each would read an app's state half counted, and
 * at 10,000 apps they took 14 % of the stream threads' CPU that counting needed to catch up. The
 * first interval after the backlog evaluates every app waiting. A stream time that jumps once (a
 * quiet partition's first call in an hour) is not a backlog: it lands near the clock.
 */
final class CatchUp {

  /** How far behind the clock stream time must be: a backlog shorter than this is read in seconds. */
  static final Duration BEHIND = Duration.ofMinutes(10);
  /** How many times faster than the clock stream time must move for a backlog to start. */
  static final long PACE = 2;
  /** How long stream time must stand still for a backlog to be over. */
  static final Duration QUIET = Duration.ofSeconds(10);

  private static final long UNKNOWN = -1;

  private long lastWallMs = UNKNOWN;
  private long lastStreamMs = UNKNOWN;
  private long lastMovedAtMs = UNKNOWN;
  private boolean catchingUp;

  /**
   * @param wallMs the wall clock now
   * @param streamMs the task's stream time now; -1 before its first record
   * @return whether the task is catching up (never at the first call, nor at the first call after
   *     the task's first record: there is no pace to judge yet)
   */
  boolean since(long wallMs, long streamMs) {
    if (streamMs > lastStreamMs) {
      lastMovedAtMs = wallMs;
    }
    boolean behind = streamMs != UNKNOWN && wallMs - streamMs > BEHIND.toMillis();
    boolean racing =
        lastStreamMs != UNKNOWN
            && streamMs - lastStreamMs > PACE * Math.max(0, wallMs - lastWallMs);
    if (!behind) {
      catchingUp = false;
    } else if (racing) {
      catchingUp = true;
    } else if (wallMs - lastMovedAtMs >= QUIET.toMillis()) {
      catchingUp = false;
    }
    lastWallMs = wallMs;
    lastStreamMs = streamMs;
    return catchingUp;
  }
}
