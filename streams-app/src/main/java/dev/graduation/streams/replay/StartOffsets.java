package dev.graduation.streams.replay;

import java.time.Instant;

/**
 * Where a replay starts reading api-calls. A version whose consumer group has committed offsets
 * resumes from them (a replay killed and started again: Kafka Streams' own recovery, exactly
 * once); a new one starts at {@code --from} (offsets by time) or, without it, at the earliest
 * offset (Kafka Streams' {@code auto.offset.reset=earliest} for a group without offsets).
 * Registrations are always read from the earliest offset: their topic is compacted, and every
 * app's latest registration is needed whatever the start.
 */
public enum StartOffsets {
  RESUME,
  FROM_TIME,
  EARLIEST;

  public static StartOffsets decide(boolean groupHasOffsets, Instant from) {
    if (groupHasOffsets) {
      return RESUME;
    }
    return from == null ? EARLIEST : FROM_TIME;
  }

  /** What this start does, for the terminal and {@code --dry-run}. */
  public String describe(String applicationId, Instant from) {
    return switch (this) {
      case RESUME -> "resume " + applicationId + " from its committed offsets"
          + (from == null ? "" : " (--from " + from + " applies to a new version only)");
      case FROM_TIME -> "start " + applicationId + " at the first api-calls offset of each partition at or after " + from;
      case EARLIEST -> "start " + applicationId + " at the earliest api-calls offset of each partition";
    };
  }
}
