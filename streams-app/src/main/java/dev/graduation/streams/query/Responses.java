package dev.graduation.streams.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the query API (contract section 6), field order as the contract shows. */
public final class Responses {

  private Responses() {}

  public record Eligibility(
      String appId,
      boolean eligible,
      String evaluatedAt,
      Window window,
      Totals totals,
      List<Endpoint> endpoints,
      List<Permission> permissions,
      List<Rule> rules) {}

  public record Window(String from, String to) {}

  public record Totals(
      long calls,
      long successful,
      long clientErrors,
      long throttled,
      long serverErrors,
      long oauthCalls,
      long tokenRequests) {}

  /** An endpoint, with the per-method breakdown the contract allows. */
  public record Endpoint(String endpoint, long calls, long successful, List<Method> methods) {}

  public record Method(String method, long calls, long successful) {}

  public record Permission(String permission, boolean declared, long calls, long successful) {}

  /** One rule; {@code actual}, {@code required} and {@code remedy} are null where the contract says. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Rule(
      String id, boolean passed, Number actual, Number required, String message, String remedy) {}

  public record Registration(
      String appId, String name, String description, List<String> permissions, String registeredAt, String updatedAt) {}

  public record Calls(String appId, String granularity, String from, String to, List<CallBucket> buckets) {}

  public record CallBucket(
      String start,
      long calls,
      long successful,
      long clientErrors,
      long throttled,
      long serverErrors,
      long oauthCalls,
      long tokenRequests) {}

  public record Endpoints(String appId, String from, String to, List<Endpoint> endpoints) {}

  public record Permissions(String appId, String from, String to, List<Permission> permissions) {}

  public record Latency(String appId, String granularity, String from, String to, List<LatencyBucket> buckets) {}

  /** Latency percentiles in ms over one bucket; null where the bucket has no latency reported. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record LatencyBucket(String start, long count, Long p50, Long p90, Long p99, Long max) {}

  /** {@code GET /v1/apps/{appId}/endpoints/latency}: per endpoint and method, in template then method order. */
  public record EndpointLatencies(String appId, String from, String to, List<EndpointLatency> endpoints) {}

  /**
   * Latency percentiles in ms of one endpoint and method's API calls.
   *
   * @param calls its API calls in the range
   * @param count those of them that reported a latency; the percentiles are null when none did
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record EndpointLatency(
      String endpoint, String method, long calls, long count, Long p50, Long p90, Long p99, Long max) {}

  /**
   * A page of {@code GET /v1/apps}, in appId order.
   *
   * @param nextCursor where the next page starts; null on the last page
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record AppsPage(List<AppSummary> apps, String nextCursor) {}

  /** An app and its last emitted verdict. */
  public record AppSummary(String appId, boolean eligible, List<String> failedRules, String evaluatedAt) {}

  /** {@code GET /v1/instances}: every instance of the application, in host order. */
  public record Instances(List<Instance> instances) {}

  /**
   * One instance as it reports itself; for one that does not answer, what the others know of it.
   *
   * @param host its {@code application.server}, host:port of its query API
   * @param reachable whether it answered; if not, {@code state} and {@code lag} are null
   * @param state its Kafka Streams state (RUNNING, REBALANCING, ...)
   * @param lag per partition it keeps (active or standby), the changelog records its copy is
   *     behind (an active task that is running is 0)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Instance(
      String host,
      boolean reachable,
      String state,
      List<Integer> activePartitions,
      List<Integer> standbyPartitions,
      Map<Integer, Long> lag) {}
}
