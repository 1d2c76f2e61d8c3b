package dev.graduation.streams.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Raw calls read back from chunks ({@link CallChunkSerde}), which hold an app hour's calls per commit: both
 * the topology's own store and interactive queries answer "the calls in [from, to]" this way.
 */
public final class CallChunks {

  private CallChunks() {}

  /** The calls of {@code chunks} with event time in [from, to], oldest first. */
  public static List<EnrichedCall> within(Iterable<? extends List<ReceivedCall>> chunks, Instant from, Instant to) {
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    List<EnrichedCall> calls = new ArrayList<>();
    for (List<ReceivedCall> chunk : chunks) {
      for (ReceivedCall received : chunk) {
        EnrichedCall call = received.call();
        if (call.getTimestamp() >= fromMs && call.getTimestamp() <= toMs) {
          calls.add(call);
        }
      }
    }
    calls.sort(Comparator.comparingLong(EnrichedCall::getTimestamp));
    return calls;
  }
}
