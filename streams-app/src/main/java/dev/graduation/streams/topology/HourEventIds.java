package dev.graduation.streams.topology;

import dev.graduation.streams.events.ReceivedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The eventIds of one app hour's calls, which dedup checks each call against: those of calls
 * within dedup's exact window (the last minutes of stream time) exactly ({@link SeenEventIds}), the
 * older ones in a Bloom filter ({@link EventIdFilter}), moved there in batches ({@link
 * #moveBefore}). Exact all the same: a filter's "no" is final, and its "maybe" is confirmed
 * against the hour's calls themselves ({@link KeptCalls}), so neither a late copy nor a false
 * positive changes a count.
 *
 * <p>Why: with every id kept exactly until its hour left memory, heap grew with every call of the
 * last hour or two, ~56 bytes each (619 MB at 11 million calls into the hour in the 30-minute
 * soak). Now it grows with the calls of the exact window, plus 2-4 bytes per older call.
 *
 * <p>What the confirmation relies on: every id in the filter belongs to a call in {@link
 * KeptCalls}. Ids enter the filter from calls read from the store (loading an hour), or when
 * moved, which the store does only after writing the hour's calls.
 */
final class HourEventIds {

  /** Every call kept for the hour, stored or not written yet: what a "maybe" is confirmed against. */
  @FunctionalInterface
  interface KeptCalls {
    /** Whether {@code test} is true of any of the hour's calls (it may stop at the first). */
    boolean anyMatch(Predicate<ReceivedCall> test);
  }

  private SeenEventIds recent;
  private EventIdFilter older;

  /**
   * Whether the hour has a call with {@code call}'s eventId whose event time is within {@code
   * horizonMs} of {@code eventTime}. Reads {@code kept} only when the filter says "maybe", or when
   * the exact part knows the id with a time outside the horizon (it keeps one time per id; with a
   * horizon shorter than an hour an earlier copy may be within it).
   */
  boolean hasCopy(ReceivedCall call, long eventTime, long horizonMs, KeptCalls kept) {
    long firstCopyAt = recent == null ? SeenEventIds.NONE : recent.firstSeenAt(call);
    if (firstCopyAt != SeenEventIds.NONE && Math.abs(firstCopyAt - eventTime) <= horizonMs) {
      return true;
    }
    if (firstCopyAt == SeenEventIds.NONE && (older == null || !older.mightContain(call))) {
      return false;
    }
    return kept.anyMatch(other ->
        other.sameEventId(call) && Math.abs(other.call().getTimestamp() - eventTime) <= horizonMs);
  }

  /** Records {@code call}'s eventId with its event time, exactly. */
  void add(ReceivedCall call, long eventTime) {
    if (recent == null) {
      recent = new SeenEventIds();
    }
    recent.add(call, eventTime);
  }

  /** Whether any id is still held exactly. */
  boolean hasRecent() {
    return recent != null;
  }

  /**
   * Loads the hour's stored calls: those with event time at or after {@code cutoff} exactly, the
   * others into a filter of their own size (from {@code filters}, given how many ids it needs room for).
   *
   * @return whether any id is held exactly
   */
  boolean load(Iterable<? extends List<ReceivedCall>> chunks, long cutoff, IntFunction<EventIdFilter> filters) {
    List<ReceivedCall> before = new ArrayList<>();
    for (List<ReceivedCall> chunk : chunks) {
      for (ReceivedCall call : chunk) {
        long eventTime = call.call().getTimestamp();
        if (eventTime >= cutoff) {
          add(call, eventTime);
        } else {
          before.add(call);
        }
      }
    }
    if (!before.isEmpty()) {
      older = filters.apply(before.size());
      before.forEach(older::add);
    }
    return hasRecent();
  }

  /**
   * Moves the ids of calls with event time before {@code cutoff} from the exact maps into the
   * filter. Every one of these calls must be in {@code kept} already.
   *
   * <p>A filter cannot grow, nor give back the ids it holds: when the moved ids do not fit, a new
   * one is made from all of {@code kept}'s calls; its capacity at least doubles each time, so a
   * busy hour's calls are each read back about twice in all, at commits.
   *
   * @param filters makes a filter with room for the given number of ids
   */
  void moveBefore(long cutoff, KeptCalls kept, IntFunction<EventIdFilter> filters) {
    if (recent == null) {
      return;
    }
    int moving = recent.countBefore(cutoff);
    if (moving == 0) {
      return;
    }
    if (older == null) {
      older = filters.apply(moving);
    } else if (!older.hasRoomFor(moving)) {
      // Every call, also those still held exactly: the old filter may hold ids of calls after
      // this cutoff (an earlier one was later), and a recent id in the filter as well is harmless.
      List<ReceivedCall> all = new ArrayList<>();
      kept.anyMatch(call -> !all.add(call)); // false for each: all of them
      older = filters.apply(all.size());
      all.forEach(older::add);
      recent = recent.moveBefore(cutoff, null);
      return;
    }
    recent = recent.moveBefore(cutoff, older);
  }
}
