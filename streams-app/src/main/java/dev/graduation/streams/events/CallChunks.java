package dev.graduation.streams.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Raw calls read back from {@link CallChunk}s, which hold an app hour's calls per commit: both
 * the topology's own store and interactive queries answer "the calls in [from, to]" this way.
 */
public final class CallChunks {

  private CallChunks() {}

  /** The calls of {@code chunks} with event time in [from, to], oldest first. */
  public static List<EnrichedCall> within(Iterable<? extends List<EnrichedCall>> chunks, Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    List<EnrichedCall> calls = new ArrayList<>();
    for (List<EnrichedCall> chunk : chunks) {
      for (EnrichedCall call : chunk) {
        if (call.getTimestamp() >= fromMs && call.getTimestamp() <= toMs) {
          calls.add(call);
        }
      }
    }
    calls.sort(Comparator.comparingLong(EnrichedCall::getTimestamp));
    return calls;
  }
}
