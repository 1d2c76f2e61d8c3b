package dev.graduation.streams.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether api-calls still holds what a replay needs: every event from {@code neededFrom} on. A
 * partition whose log starts at offset 0 has lost nothing; one whose start moved (retention
 * deleted segments) has lost the events before its earliest record, which must then be no later
 * than {@code neededFrom}.
 */
public final class HistoryCheck {

  /**
   * What the broker says of one partition.
   *
   * @param earliestOffset its log start offset
   * @param earliestTimestamp the timestamp of its earliest record; null when it holds none
   */
  public record Partition(int partition, long earliestOffset, Instant earliestTimestamp) {}

  private HistoryCheck() {}

  /** @return what is missing, one sentence; empty when the topic holds everything needed */
  public static Optional<String> missing(String topic, List<Partition> partitions, Instant neededFrom, String why) {
    List<String> gaps = new ArrayList<>();
    for (Partition p : partitions) {
      if (p.earliestOffset() == 0) {
        continue;
      }
      if (p.earliestTimestamp() == null) {
        gaps.add("partition " + p.partition() + " deleted all " + p.earliestOffset() + " records it had");
      } else if (p.earliestTimestamp().isAfter(neededFrom)) {
        gaps.add("partition " + p.partition() + " starts at offset " + p.earliestOffset() + " ("
            + p.earliestTimestamp() + "): events from " + neededFrom + " to " + p.earliestTimestamp() + " are gone");
      }
    }
    if (gaps.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(topic + " no longer holds what the replay needs (" + why + "): " + String.join("; ", gaps)
        + ". Replay from a later --from, or accept the loss with a --from at the earliest event kept.");
  }
}
