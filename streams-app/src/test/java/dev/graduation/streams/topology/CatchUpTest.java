package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a task counts as catching up on a backlog. */
class CatchUpTest {

  private static final long NOW = Instant.parse("2026-12-08T12:00:00Z").toEpochMilli();
  private static final long SECOND = 1_000;
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final CatchUp catchUp = new CatchUp();

  @Test
  void aStreamTimeRacingFarBehindTheClockIsABacklog() {
    assertThat(catchUp.since(NOW, NOW - 48 * HOUR)).isFalse(); // no pace yet
    assertThat(catchUp.since(NOW + SECOND, NOW - 47 * HOUR)).isTrue();
    assertThat(catchUp.since(NOW + 2 * SECOND, NOW - 46 * HOUR)).isTrue();
  }

  @Test
  void aBacklogEndsWhenStreamTimeStandsStillLongEnough() {
    catchUp.since(NOW, NOW - 48 * HOUR);
    assertThat(catchUp.since(NOW + SECOND, NOW - 47 * HOUR)).isTrue();
    // A task waiting its turn: stream time still for a few seconds, then racing again.
    assertThat(catchUp.since(NOW + 2 * SECOND, NOW - 47 * HOUR)).isTrue();
    assertThat(catchUp.since(NOW + 10 * SECOND, NOW - 47 * HOUR)).isTrue();
    assertThat(catchUp.since(NOW + 11 * SECOND, NOW - 46 * HOUR)).isTrue();
    // Everything read: still for QUIET.
    assertThat(catchUp.since(NOW + 12 * SECOND, NOW - 46 * HOUR)).isTrue();
    assertThat(catchUp.since(NOW + 11 * SECOND + CatchUp.QUIET.toMillis(), NOW - 46 * HOUR)).isFalse();
    // Old events at the clock's pace afterwards (a gateway late by hours, not a backlog being read).
    assertThat(catchUp.since(NOW + 12 * SECOND + CatchUp.QUIET.toMillis(), NOW - 46 * HOUR + SECOND)).isFalse();
  }

  @Test
  void aBacklogEndsWhenStreamTimeReachesTheClock() {
    catchUp.since(NOW, NOW - 48 * HOUR);
    assertThat(catchUp.since(NOW + SECOND, NOW - HOUR)).isTrue();
    assertThat(catchUp.since(NOW + 2 * SECOND, NOW - CatchUp.BEHIND.toMillis() + 2 * SECOND)).isFalse();
  }

  @Test
  void liveTrafficAndAJumpToTheClockAreNoBacklog() {
    catchUp.since(NOW, NOW - SECOND);
    assertThat(catchUp.since(NOW + SECOND, NOW)).isFalse();
    // A quiet partition's first call in hours: stream time jumps, but lands near the clock.
    CatchUp quiet = new CatchUp();
    quiet.since(NOW, NOW - 3 * HOUR);
    assertThat(quiet.since(NOW + SECOND, NOW)).isFalse();
    // Just within the bound behind the clock: still no backlog.
    CatchUp recent = new CatchUp();
    recent.since(NOW, NOW - 3 * HOUR);
    assertThat(recent.since(NOW + SECOND, NOW + SECOND - CatchUp.BEHIND.toMillis())).isFalse();
  }

  @Test
  void noRecordYetIsNoBacklog() {
    assertThat(catchUp.since(NOW, -1)).isFalse();
    assertThat(catchUp.since(NOW + SECOND, NOW - 48 * HOUR)).isFalse();
  }
}
