package dev.graduation.streams.query;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.activity.ActivityAssembler;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.activity.Eligibility;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.LatencyHistograms;
import dev.graduation.streams.rules.WindowActivity;
import dev.graduation.streams.rules.WindowMode;
import dev.graduation.streams.rules.WindowActivity.CallCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The answers of the query API, computed from an {@link ActivityReader}. Knows nothing of HTTP or
 * of where the state lives, so it is tested with any reader.
 */
public final class AppQueries {

  /** The bucket sizes of {@code granularity=}. */
  public enum Granularity {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    final Duration size;

    Granularity(Duration size) {
      this.size = size;
    }
  }

  private final Supplier<EligibilityEvaluator> evaluator;

  public AppQueries(EligibilityEvaluator evaluator) {
    this(() -> evaluator);
  }

  /**
   * @param evaluator the evaluator of the version served now: a version's catalog gives the rules
   *     their example operations, so it changes when the instance switches versions
   */
  public AppQueries(Supplier<EligibilityEvaluator> evaluator) {
    this.evaluator = evaluator;
  }

  /** How the rules' window starts (calendar days or a rolling 48 hours). */
  public WindowMode windowMode() {
    return evaluator.get().rules().windowMode();
  }

  public Responses.Eligibility eligibility(String appId, Instant at, ActivityReader reader) {
    Eligibility eligibility =
        evaluator.get()
            .evaluate(appId, at, reader)
            .orElseThrow(() -> unknownApp(appId));
    WindowActivity activity = eligibility.activity();
    WindowActivity.Totals totals = activity.totals();
    return new Responses.Eligibility(
        appId,
        eligibility.verdict().eligible(),
        at.toString(),
        new Responses.Window(activity.from().toString(), activity.to().toString()),
        new Responses.Totals(
            totals.calls(),
            totals.successful(),
            totals.clientErrors(),
            totals.throttled(),
            totals.serverErrors(),
            totals.oauthCalls(),
            totals.tokenRequests()),
        endpoints(activity),
        permissions(activity),
        eligibility.verdict().rules().stream()
            .map(r -> new Responses.Rule(r.id(), r.passed(), r.actual(), r.required(), r.message(), r.remedy()))
            .toList());
  }

  public Responses.Registration registration(String appId, ActivityReader reader) {
    AppRegistration registration =
        reader
            .registration(appId)
            .orElseThrow(() -> QueryException.notFound("app " + appId + " is not registered"));
    return new Responses.Registration(
        registration.getAppId(),
        registration.getName(),
        registration.getDescription(),
        List.copyOf(registration.getPermissions()),
        registration.getRegisteredAt().toString(),
        registration.getUpdatedAt().toString());
  }

  public Responses.Calls calls(
      String appId, Granularity granularity, Instant from, Instant to, ActivityReader reader) {
    return new Responses.Calls(
        appId, lower(granularity), from.toString(), to.toString(),
        series(appId, granularity, from, to, reader, AppQueries::callBucket));
  }

  public Responses.Latency latency(
      String appId, Granularity granularity, Instant from, Instant to, ActivityReader reader) {
    return new Responses.Latency(
        appId, lower(granularity), from.toString(), to.toString(),
        series(appId, granularity, from, to, reader, AppQueries::latencyBucket));
  }

  /** Per endpoint over [from, to], exact (partial hours refolded from raw calls). */
  public Responses.Endpoints endpoints(String appId, Instant from, Instant to, ActivityReader reader) {
    WindowActivity activity = activity(appId, from, to, reader);
    return new Responses.Endpoints(appId, from.toString(), to.toString(), endpoints(activity));
  }

  public Responses.Permissions permissions(String appId, Instant from, Instant to, ActivityReader reader) {
    WindowActivity activity = activity(appId, from, to, reader);
    return new Responses.Permissions(appId, from.toString(), to.toString(), permissions(activity));
  }

  /**
   * Latency percentiles per endpoint and method over [from, to], folded from the raw calls (the
   * buckets keep one latency histogram per hour, not per endpoint). Reads every call of the
   * range: ask for the span a table shows, not for days of a busy app.
   */
  public Responses.EndpointLatencies endpointLatency(String appId, Instant from, Instant to, ActivityReader reader) {
    List<EnrichedCall> calls = reader.calls(appId, from, to);
    requireKnown(appId, !calls.isEmpty(), to, reader);
    Map<String, Map<String, EndpointTally>> tallies = new TreeMap<>(); // template, then method
    for (EnrichedCall call : calls) {
      if (call.getOauth()) {
        continue; // not an API call: not among the endpoints the rules and the tables show
      }
      tallies
          .computeIfAbsent(call.getEndpoint(), ignored -> new TreeMap<>())
          .computeIfAbsent(call.getMethod(), ignored -> new EndpointTally(call))
          .add(call);
    }
    List<Responses.EndpointLatency> endpoints = new ArrayList<>();
    tallies.values().forEach(byMethod -> byMethod.values().forEach(tally -> {
      LatencySummary summary = LatencySummary.of(tally.latency);
      endpoints.add(new Responses.EndpointLatency(
          tally.endpoint, tally.method, tally.calls,
          summary.count(), summary.p50(), summary.p90(), summary.p99(), summary.max()));
    }));
    return new Responses.EndpointLatencies(appId, from.toString(), to.toString(), endpoints);
  }

  private WindowActivity activity(String appId, Instant from, Instant to, ActivityReader reader) {
    Optional<AppRegistration> registration = reader.registration(appId);
    WindowActivity activity = ActivityAssembler.assemble(appId, from, to, reader, registration);
    requireKnown(appId, registration.isPresent() || !activity.hours().isEmpty(), to, reader);
    return activity;
  }

  /**
   * Same 404 rule as eligibility: only an app with neither events nor a registration is unknown.
   * An answer with nothing in its range asks whether the app has anything at all.
   */
  private void requireKnown(String appId, boolean foundInRange, Instant at, ActivityReader reader) {
    if (!foundInRange && reader.registration(appId).isEmpty()) {
      evaluator.get().evaluate(appId, at, reader).orElseThrow(() -> unknownApp(appId));
    }
  }

  private static List<Responses.Endpoint> endpoints(WindowActivity activity) {
    return activity.endpoints().values().stream()
        .map(
            e ->
                new Responses.Endpoint(
                    e.endpoint(),
                    e.counts().calls(),
                    e.counts().successful(),
                    e.byMethod().entrySet().stream()
                        .map(m -> new Responses.Method(m.getKey(), m.getValue().calls(), m.getValue().successful()))
                        .toList()))
        .toList();
  }

  /** Every declared permission (in declared order), then every undeclared one used successfully. */
  private static List<Responses.Permission> permissions(WindowActivity activity) {
    List<String> declared =
        activity.registration().map(WindowActivity.Registration::permissions).orElse(List.of());
    Set<String> shown = new LinkedHashSet<>(declared);
    activity.permissions().forEach((permission, counts) -> {
      if (counts.successful() > 0) {
        shown.add(permission);
      }
    });
    List<Responses.Permission> permissions = new ArrayList<>();
    for (String permission : shown) {
      CallCounts counts = activity.permissions().getOrDefault(permission, CallCounts.ZERO);
      permissions.add(
          new Responses.Permission(permission, declared.contains(permission), counts.calls(), counts.successful()));
    }
    return permissions;
  }

  /** One view per bucket from {@code from}'s bucket to {@code to}, zero-filled. */
  private <T> List<T> series(
      String appId,
      Granularity granularity,
      Instant from,
      Instant to,
      ActivityReader reader,
      BiFunction<Instant, ActivityBucket, T> view) {
    Instant first = align(from, granularity);
    List<ActivityReader.Bucket> stored =
        granularity == Granularity.HOUR
            ? reader.hourly(appId, first, to)
            : reader.daily(appId, first, to);
    requireKnown(appId, !stored.isEmpty(), to, reader);
    Map<Instant, ActivityBucket> buckets =
        stored.stream().collect(Collectors.toMap(ActivityReader.Bucket::start, ActivityReader.Bucket::activity));
    List<T> views = new ArrayList<>();
    ActivityBucket empty = ActivityBuckets.empty();
    for (Instant start = first; !start.isAfter(to); start = start.plus(granularity.size)) {
      views.add(view.apply(start, buckets.getOrDefault(start, empty)));
    }
    return views;
  }

  private static Responses.CallBucket callBucket(Instant start, ActivityBucket bucket) {
    return new Responses.CallBucket(
        start.toString(),
        bucket.getCalls(),
        bucket.getSuccessful(),
        bucket.getClientErrors(),
        bucket.getThrottled(),
        bucket.getServerErrors(),
        bucket.getOauthCalls(),
        bucket.getTokenRequests());
  }

  private static Responses.LatencyBucket latencyBucket(Instant start, ActivityBucket bucket) {
    LatencySummary summary = LatencySummary.of(LatencyHistograms.decode(bucket.getLatency()));
    return new Responses.LatencyBucket(
        start.toString(), summary.count(), summary.p50(), summary.p90(), summary.p99(), summary.max());
  }

  /** One endpoint and method's calls and latencies. */
  private static final class EndpointTally {
    final String endpoint;
    final String method;
    final Histogram latency = LatencyHistograms.empty();
    long calls;

    EndpointTally(EnrichedCall first) {
      this.endpoint = first.getEndpoint();
      this.method = first.getMethod();
    }

    void add(EnrichedCall call) {
      calls++;
      if (call.getLatencyMs() != null) {
        LatencyHistograms.record(latency, call.getLatencyMs());
      }
    }
  }

  /** What the answers show of a latency histogram; percentiles null when it holds nothing. */
  private record LatencySummary(long count, Long p50, Long p90, Long p99, Long max) {
    static LatencySummary of(Histogram histogram) {
      if (histogram.getTotalCount() == 0) {
        return new LatencySummary(0, null, null, null, null);
      }
      return new LatencySummary(
          histogram.getTotalCount(),
          histogram.getValueAtPercentile(50.0),
          histogram.getValueAtPercentile(90.0),
          histogram.getValueAtPercentile(99.0),
          histogram.getMaxValue());
    }
  }

  static Instant align(Instant instant, Granularity granularity) {
    long size = granularity.size.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(instant.toEpochMilli(), size) * size);
  }

  private static String lower(Granularity granularity) {
    return granularity.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static QueryException unknownApp(String appId) {
    return QueryException.notFound("unknown app " + appId + ": no events and no registration");
  }
}
