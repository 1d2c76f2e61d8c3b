package dev.graduation.streams.topology;

import java.time.Duration;

/**
 * Whether a task is catching up on a backlog, judged once per verdict interval from its stream
 * time (the latest event time it has read) against the wall clock: stream time more than {@link
 * #BEHIND} behind the clock, and running more than {@link #PACE} times as fast as it. Live traffic
 * keeps stream time within seconds of the clock and moving at its pace; a backlog (a restart
 * after downtime, a replay, a gateway draining its buffer) runs through hours of event time a
 * second.
 *
 * <p>While a task catches up, verdicts wait: each would read an app's state half counted, and
 * at 10,000 apps they took 14 % of the stream threads' CPU that counting needed to catch up. The
 * first interval after the backlog evaluates every app waiting. A stream time that jumps once (a
 * quiet partition's first call in an hour) is not a backlog: it lands near the clock.
 */
final class CatchUp {

  /** How far behind the clock stream time must be: a backlog shorter than this is read in seconds. */
  static final Duration BEHIND = Duration.ofMinutes(10);
  /** How many times faster than the clock stream time must move. */
  static final long PACE = 2;

  private static final long UNKNOWN = -1;

  private long lastWallMs = UNKNOWN;
  private long lastStreamMs = UNKNOWN;

  /**
   * @param wallMs the wall clock now
   * @param streamMs the task's stream time now; -1 before its first record
   * @return whether the task was catching up since the previous call (false at the first call, and
   *     at the first call after the task's first record: there is no pace to judge yet)
   */
  boolean since(long wallMs, long streamMs) {
    boolean catchingUp =
        lastStreamMs != UNKNOWN
            && streamMs != UNKNOWN
            && wallMs - streamMs > BEHIND.toMillis()
            && streamMs - lastStreamMs > PACE * Math.max(0, wallMs - lastWallMs);
    lastWallMs = wallMs;
    lastStreamMs = streamMs;
    return catchingUp;
  }
}
