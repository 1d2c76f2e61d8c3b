package dev.graduation.streams.events;

/**
 * A call as the topology counts it.
 *
 * @param call what the catalog says about it (contract section 2)
 * @param endpointKey its key in {@link ActivityBucket#getEndpoints()} ({@link
 *     ActivityBuckets#endpointKey}), made once for every bucket it counts in
 */
public record ReceivedCall(EnrichedCall call, String endpointKey) {}
