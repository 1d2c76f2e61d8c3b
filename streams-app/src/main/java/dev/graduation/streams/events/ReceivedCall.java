package dev.graduation.streams.events;

import java.util.Objects;

/**
 * A call as the topology counts it: what the catalog says about it, its endpoint key, and its
 * eventId as 128 bits when that is a canonical lower-case UUID (parsed once, while the call is
 * in cache; dedup and the raw-call store use the bits).
 */
public final class ReceivedCall {

  private final EnrichedCall call;
  private final String endpointKey;
  private final boolean uuidEventId;
  private final long eventIdHigh;
  private final long eventIdLow;

  /**
   * @param call what the catalog says about it (contract section 2)
   * @param endpointKey its key in {@link ActivityBucket#getEndpoints()} ({@link
   *     ActivityBuckets#endpointKey}), made once for every bucket it counts in
   */
  public ReceivedCall(EnrichedCall call, String endpointKey) {
    this(call, endpointKey, EventUuids.bits(call.getEventId()));
  }

  /** @param eventIdBits the eventId's bits, when they are known already ({@link EventUuids#bits}) */
  ReceivedCall(EnrichedCall call, String endpointKey, long[] eventIdBits) {
    this.call = call;
    this.endpointKey = endpointKey;
    this.uuidEventId = eventIdBits != null;
    this.eventIdHigh = eventIdBits != null ? eventIdBits[0] : 0;
    this.eventIdLow = eventIdBits != null ? eventIdBits[1] : 0;
  }

  public EnrichedCall call() {
    return call;
  }

  public String endpointKey() {
    return endpointKey;
  }

  /** Whether the eventId is a canonical lower-case UUID, whose bits {@link #eventIdHigh} and {@link #eventIdLow} are. */
  public boolean uuidEventId() {
    return uuidEventId;
  }

  public long eventIdHigh() {
    return eventIdHigh;
  }

  public long eventIdLow() {
    return eventIdLow;
  }

  /** Whether {@code other} has the same eventId: the same bits, or for ids that are not UUIDs the same text. */
  public boolean sameEventId(ReceivedCall other) {
    return uuidEventId
        ? other.uuidEventId && eventIdHigh == other.eventIdHigh && eventIdLow == other.eventIdLow
        : !other.uuidEventId && call.getEventId().equals(other.call.getEventId());
  }

  /** Equal when call and endpoint key are: the eventId's bits follow from the call. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ReceivedCall that && call.equals(that.call) && endpointKey.equals(that.endpointKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(call, endpointKey);
  }

  @Override
  public String toString() {
    return "ReceivedCall[call=" + call + ", endpointKey=" + endpointKey + "]";
  }
}
