package dev.graduation.streams.events;

import dev.graduation.streams.catalog.EndpointMatch;
import it.unimi.dsi.fastutil.objects.Object2ObjectOpenHashMap;
import java.util.Collection;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The aggregation of calls into {@link ActivityBucket}s: pure functions, shared by the windowed
 * aggregates of the topology and by the query side that folds raw calls of a partial hour.
 */
public final class ActivityBuckets {

  private ActivityBuckets() {}

  /**
   * A bucket with nothing counted. The constructor, not the builder: a builder deep-copies the
   * schema's defaults, and every app hour starts with an empty bucket.
   */
  public static ActivityBucket empty() {
    return new ActivityBucket(
        0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, new Object2ObjectOpenHashMap<>(), new Object2ObjectOpenHashMap<>(), null, null, null);
  }

  /** Key of {@link ActivityBucket#getEndpoints()}: {@link EndpointMatch#key}. */
  public static String endpointKey(String method, String endpoint) {
    return EndpointMatch.key(method, endpoint);
  }

  /** Adds one call to {@code bucket} (mutated and returned: buckets are fresh per update). */
  public static ActivityBucket add(ActivityBucket bucket, EnrichedCall call) {
    addCounts(bucket, call, endpointKey(call.getMethod(), call.getEndpoint()));
    Long latencyMs = latencyOf(call);
    if (latencyMs != null) {
      Histogram latency = LatencyHistograms.decode(bucket.getLatency());
      LatencyHistograms.record(latency, latencyMs);
      bucket.setLatency(LatencyHistograms.encode(latency));
    }
    return bucket;
  }

  /** The latency a call adds to its bucket's histogram: API calls only, when they said it. */
  public static Long latencyOf(EnrichedCall call) {
    return call.getOauth() ? null : call.getLatencyMs();
  }

  /**
   * Adds one call's counts to {@code bucket}, leaving its latency histogram alone: for callers
   * that keep the histogram live and encode it once (see {@link #latencyOf}).
   *
   * @param endpointKey {@link #endpointKey} of the call, made once for all the buckets it counts in
   */
  public static ActivityBucket addCounts(ActivityBucket bucket, EnrichedCall call, String endpointKey) {
    int status = call.getStatus();
    boolean ok = CallClass.successful(status);
    if (call.getOauth()) {
      bucket.setOauthCalls(bucket.getOauthCalls() + 1);
      if (CallClass.throttled(status)) {
        bucket.setOauthThrottled(bucket.getOauthThrottled() + 1);
      }
      if (call.getTokenRequest()) {
        bucket.setTokenRequests(bucket.getTokenRequests() + 1);
      }
    } else {
      bucket.setCalls(bucket.getCalls() + 1);
      if (ok) {
        bucket.setSuccessful(bucket.getSuccessful() + 1);
      }
      if (CallClass.clientError(status)) {
        bucket.setClientErrors(bucket.getClientErrors() + 1);
      }
      if (CallClass.throttled(status)) {
        bucket.setThrottled(bucket.getThrottled() + 1);
      }
      if (CallClass.serverError(status)) {
        bucket.setServerErrors(bucket.getServerErrors() + 1);
      }
      if ("production".equals(call.getEnvironment())) {
        bucket.setProductionCalls(bucket.getProductionCalls() + 1);
      }
      count(bucket.getEndpoints(), endpointKey, 1, ok ? 1 : 0);
    }
    if (call.getPermission() != null) {
      count(bucket.getPermissions(), call.getPermission(), 1, ok ? 1 : 0);
    }
    long at = call.getTimestamp();
    if (bucket.getFirstEventAt() == null || at < bucket.getFirstEventAt()) {
      bucket.setFirstEventAt(at);
    }
    if (bucket.getLastEventAt() == null || at > bucket.getLastEventAt()) {
      bucket.setLastEventAt(at);
    }
    return bucket;
  }

  /**
   * The sum of {@code buckets}, latencies included, as a new bucket: each histogram is decoded
   * once and the sum's encoded once, however many buckets there are.
   */
  public static ActivityBucket sum(Collection<ActivityBucket> buckets) {
    ActivityBucket total = empty();
    Histogram latency = null;
    for (ActivityBucket bucket : buckets) {
      mergeCounts(total, bucket);
      if (bucket.getLatency() != null) {
        Histogram histogram = LatencyHistograms.decode(bucket.getLatency());
        if (latency == null) {
          latency = histogram;
        } else {
          latency.add(histogram);
        }
      }
    }
    if (latency != null) {
      total.setLatency(LatencyHistograms.encode(latency));
    }
    return total;
  }

  /**
   * Adds the counts of {@code other} into {@code into}, leaving latencies alone: what eligibility
   * needs, without decoding a histogram per hour of the window.
   */
  public static ActivityBucket mergeCounts(ActivityBucket into, ActivityBucket other) {
    into.setCalls(into.getCalls() + other.getCalls());
    into.setSuccessful(into.getSuccessful() + other.getSuccessful());
    into.setClientErrors(into.getClientErrors() + other.getClientErrors());
    into.setThrottled(into.getThrottled() + other.getThrottled());
    into.setServerErrors(into.getServerErrors() + other.getServerErrors());
    into.setOauthCalls(into.getOauthCalls() + other.getOauthCalls());
    into.setOauthThrottled(into.getOauthThrottled() + other.getOauthThrottled());
    into.setTokenRequests(into.getTokenRequests() + other.getTokenRequests());
    into.setProductionCalls(into.getProductionCalls() + other.getProductionCalls());
    other.getEndpoints().forEach((k, v) -> count(into.getEndpoints(), k, v.getCalls(), v.getSuccessful()));
    other.getPermissions().forEach((k, v) -> count(into.getPermissions(), k, v.getCalls(), v.getSuccessful()));
    if (other.getFirstEventAt() != null
        && (into.getFirstEventAt() == null || other.getFirstEventAt() < into.getFirstEventAt())) {
      into.setFirstEventAt(other.getFirstEventAt());
    }
    if (other.getLastEventAt() != null
        && (into.getLastEventAt() == null || other.getLastEventAt() > into.getLastEventAt())) {
      into.setLastEventAt(other.getLastEventAt());
    }
    return into;
  }

  private static void count(Map<String, CallCounts> counts, String key, long calls, long successful) {
    CallCounts current = counts.get(key);
    if (current == null) {
      counts.put(key, new CallCounts(calls, successful));
    } else {
      current.setCalls(current.getCalls() + calls);
      current.setSuccessful(current.getSuccessful() + successful);
    }
  }
}
