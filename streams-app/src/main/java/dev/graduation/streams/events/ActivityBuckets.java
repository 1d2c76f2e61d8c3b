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

  /**
   * The most a bucket's endpoint names may take, counted as {@link #endpointEntryBytes} (an upper
   * bound of their encoded size). Permissions need no such budget: only catalog operations name
   * one. Endpoints do: a path no template matches is an endpoint of its own (contract section
   * 2), so an app could otherwise grow one bucket without bound with distinct unknown paths of
   * up to 2,048 characters. Every endpoint of the catalog together counts about 110 KiB here, so
   * an app calling only catalog endpoints never reaches it; with the latency histogram (at most
   * about 20 KiB) and the rest, a bucket stays within {@link StoredValueLimit#BYTES}.
   */
  public static final int ENDPOINT_BUDGET_BYTES = 160 * 1024;

  /**
   * The key under which a bucket counts the API calls of every endpoint first met once its
   * endpoint names were at the budget: its method is {@code *}, its template {@value
   * #OTHER_ENDPOINTS_TEMPLATE}. Totals stay exact; only the breakdown of those calls by endpoint is
   * lost.
   */
  public static final String OTHER_ENDPOINTS_TEMPLATE = "(other endpoints)";

  private static final String OTHER_ENDPOINTS_KEY = endpointKey("*", OTHER_ENDPOINTS_TEMPLATE);

  private ActivityBuckets() {}

  /**
   * An upper bound of the bytes an endpoint name and its counts take in a bucket: three per UTF-16
   * character (the most UTF-8 takes), the key's length and two counts as varints.
   */
  static long endpointEntryBytes(String endpointKey) {
    return 3L * endpointKey.length() + 5 + 2 * 10;
  }

  /**
   * The key a call of {@code endpointKey}, not in {@code endpoints} yet, counts under: its own
   * while the names stay within {@link #ENDPOINT_BUDGET_BYTES}, else {@link #OTHER_ENDPOINTS_KEY}.
   * Runs only for an endpoint new to the bucket (a few dozen times per bucket for an ordinary
   * app), and once a bucket counts other endpoints, in constant time.
   */
  private static String boundedEndpointKey(Map<String, CallCounts> endpoints, String endpointKey) {
    if (endpoints.containsKey(OTHER_ENDPOINTS_KEY)) {
      return OTHER_ENDPOINTS_KEY;
    }
    long bytes = endpointEntryBytes(endpointKey) + endpointEntryBytes(OTHER_ENDPOINTS_KEY);
    for (String named : endpoints.keySet()) {
      bytes += endpointEntryBytes(named);
    }
    return bytes <= ENDPOINT_BUDGET_BYTES ? endpointKey : OTHER_ENDPOINTS_KEY;
  }

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
      countEndpoint(bucket.getEndpoints(), endpointKey, 1, ok ? 1 : 0);
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
    other.getEndpoints().forEach((k, v) -> countEndpoint(into.getEndpoints(), k, v.getCalls(), v.getSuccessful()));
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

  /** {@link #count}, within {@link #ENDPOINT_BUDGET_BYTES}. */
  private static void countEndpoint(Map<String, CallCounts> endpoints, String key, long calls, long successful) {
    CallCounts current = endpoints.get(key);
    if (current == null) {
      count(endpoints, boundedEndpointKey(endpoints, key), calls, successful);
    } else {
      current.setCalls(current.getCalls() + calls);
      current.setSuccessful(current.getSuccessful() + successful);
    }
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
