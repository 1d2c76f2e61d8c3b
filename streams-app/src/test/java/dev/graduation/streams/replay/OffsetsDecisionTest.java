package dev.graduation.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where a replay starts, whether the topic still holds what it needs, how far it is, which topics
 * a cleanup takes. Seen failing with a partition whose log starts at 0 treated as truncated ("a
 * young topic refused: partition 0 starts at offset 0 ..."), and with a commit past the captured
 * end counted past the total (240 done of 150).
 */
class OffsetsDecisionTest {

  private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
  private static final TopicPartition P0 = new TopicPartition("api-calls", 0);
  private static final TopicPartition P1 = new TopicPartition("api-calls", 1);

  @Test
  void aGroupWithOffsetsResumesWhateverFromSays() {
    assertThat(StartOffsets.decide(true, FROM)).isEqualTo(StartOffsets.RESUME);
    assertThat(StartOffsets.decide(true, null)).isEqualTo(StartOffsets.RESUME);
    assertThat(StartOffsets.decide(false, FROM)).isEqualTo(StartOffsets.FROM_TIME);
    assertThat(StartOffsets.decide(false, null)).isEqualTo(StartOffsets.EARLIEST);
    assertThat(StartOffsets.RESUME.describe("g-v2", FROM))
        .isEqualTo("resume g-v2 from its committed offsets (--from 2026-12-01T00:00:00Z applies to a new version only)");
  }

  @Test
  void aTopicThatLostNothingHoldsEverything() {
    assertThat(HistoryCheck.missing("api-calls",
        List.of(new HistoryCheck.Partition(0, 0, Instant.parse("2026-12-05T00:00:00Z")), new HistoryCheck.Partition(1, 0, null)),
        FROM, "--from " + FROM)).isEmpty();
  }

  @Test
  void aTruncatedPartitionThatStartsTooLateIsRefusedWithWhatIsGone() {
    assertThat(HistoryCheck.missing("api-calls",
        List.of(
            new HistoryCheck.Partition(0, 120, Instant.parse("2026-11-30T00:00:00Z")),
            new HistoryCheck.Partition(1, 80, Instant.parse("2026-12-03T10:00:00Z")),
            new HistoryCheck.Partition(2, 50, null)),
        FROM, "--from " + FROM))
        .contains("api-calls no longer holds what the replay needs (--from 2026-12-01T00:00:00Z): partition 1 starts at"
            + " offset 80 (2026-12-03T10:00:00Z): events from 2026-12-01T00:00:00Z to 2026-12-03T10:00:00Z are gone;"
            + " partition 2 deleted all 50 records it had. Replay from a later --from, or accept the loss with a --from"
            + " at the earliest event kept.");
  }

  @Test
  void progressCountsFromTheStartOffsetsUpToTheCapturedEnd() {
    Map<TopicPartition, Long> start = Map.of(P0, 10L, P1, 0L);
    Map<TopicPartition, Long> target = Map.of(P0, 110L, P1, 50L);
    assertThat(ReplayProgress.total(start, target)).isEqualTo(150);
    assertThat(ReplayProgress.done(start, target, Map.of())).isZero();
    assertThat(ReplayProgress.done(start, target, Map.of(P0, 60L))).isEqualTo(50);
    assertThat(ReplayProgress.done(start, target, Map.of(P0, 200L, P1, 50L))).isEqualTo(150);
  }

  @Test
  void cleanupTakesOnlyTheVersionsOwnTopics() {
    List<String> topics = List.of(
        "g-app-activity-hourly-changelog", "g-dedup-event-ids-changelog", "g-v2-app-activity-hourly-changelog",
        "g-v2-replay-eligibility-changes", "g-replay-eligibility-changes", "api-calls", "g-other", "gx-a-changelog");
    assertThat(InternalTopics.of("g", topics))
        .containsExactly("g-app-activity-hourly-changelog", "g-dedup-event-ids-changelog", "g-replay-eligibility-changes");
    assertThat(InternalTopics.of("g-v2", topics))
        .containsExactly("g-v2-app-activity-hourly-changelog", "g-v2-replay-eligibility-changes");
  }
}
