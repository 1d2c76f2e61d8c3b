package dev.graduation.streams.activity;

import dev.graduation.events.AppRegistration;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.CallCounts;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.rules.WindowActivity;
import dev.graduation.streams.rules.WindowActivity.EndpointActivity;
import dev.graduation.streams.rules.WindowActivity.HourActivity;
import dev.graduation.streams.rules.WindowActivity.Registration;
import dev.graduation.streams.rules.WindowActivity.Totals;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds an app's {@link WindowActivity} over [from, to] (both inclusive) from hour buckets.
 *
 * <p>Every window eligibility is asked about lies within the hourly retention (contract: `at` up
 * to 5 days back; hours are kept 8), so whole hours come straight from the hourly store. The hours
 * at the two ends of the window may be cut by it; such an hour is refolded from the raw recent
 * calls, unless its bucket's first and last event times show that all its events lie inside the
 * window anyway (the usual case for the current hour, so the common query never touches raw
 * calls).
 */
public final class ActivityAssembler {

  private static final Duration HOUR = Duration.ofHours(1);

  private ActivityAssembler() {}

  public static WindowActivity assemble(
      String appId, Instant from, Instant to, ActivityReader reader, Optional<AppRegistration> registration) {
    Map<Instant, ActivityBucket> hours = new TreeMap<>();
    for (ActivityReader.Bucket bucket : reader.hourly(appId, hourStart(from), hourStart(to))) {
      hours.put(bucket.start(), insideWindow(appId, bucket, from, to, reader));
    }
    ActivityBucket total = ActivityBuckets.empty();
    List<HourActivity> perHour = new ArrayList<>();
    hours.forEach(
        (start, bucket) -> {
          if (bucket.getCalls() + bucket.getOauthCalls() > 0) {
            perHour.add(new HourActivity(start, bucket.getTokenRequests(), bucket.getCalls()));
            ActivityBuckets.mergeCounts(total, bucket);
          }
        });
    return new WindowActivity(
        from,
        to,
        totals(total),
        endpoints(total),
        permissions(total),
        List.copyOf(perHour),
        registration.map(ActivityAssembler::registration));
  }

  /** The part of an hour bucket inside [from, to]. */
  private static ActivityBucket insideWindow(
      String appId, ActivityReader.Bucket bucket, Instant from, Instant to, ActivityReader reader) {
    ActivityBucket activity = bucket.activity();
    Instant end = bucket.start().plus(HOUR).minusMillis(1);
    boolean startsBefore = activity.getFirstEventAt() != null && activity.getFirstEventAt() < from.toEpochMilli();
    boolean endsAfter = activity.getLastEventAt() != null && activity.getLastEventAt() > to.toEpochMilli();
    if (!startsBefore && !endsAfter) {
      return activity;
    }
    ActivityBucket partial = ActivityBuckets.empty();
    Instant partFrom = bucket.start().isBefore(from) ? from : bucket.start();
    Instant partTo = end.isAfter(to) ? to : end;
    for (EnrichedCall call : reader.calls(appId, partFrom, partTo)) {
      ActivityBuckets.add(partial, call);
    }
    return partial;
  }

  public static Instant hourStart(Instant instant) {
    return instant.truncatedTo(ChronoUnit.HOURS);
  }

  public static Totals totals(ActivityBucket bucket) {
    return new Totals(
        bucket.getCalls(),
        bucket.getSuccessful(),
        bucket.getClientErrors(),
        bucket.getThrottled(),
        bucket.getServerErrors(),
        bucket.getOauthCalls(),
        bucket.getOauthThrottled(),
        bucket.getTokenRequests());
  }

  /** Per endpoint template, with the per-method breakdown, both sorted. */
  public static Map<String, EndpointActivity> endpoints(ActivityBucket bucket) {
    Map<String, Map<String, WindowActivity.CallCounts>> byTemplate = new TreeMap<>();
    bucket
        .getEndpoints()
        .forEach(
            (key, counts) -> {
              int space = key.indexOf(' ');
              byTemplate
                  .computeIfAbsent(key.substring(space + 1), ignored -> new TreeMap<>())
                  .merge(key.substring(0, space), counts(counts), WindowActivity.CallCounts::plus);
            });
    Map<String, EndpointActivity> endpoints = new TreeMap<>();
    byTemplate.forEach(
        (template, byMethod) ->
            endpoints.put(
                template,
                new EndpointActivity(
                    template,
                    byMethod.values().stream()
                        .reduce(WindowActivity.CallCounts.ZERO, WindowActivity.CallCounts::plus),
                    byMethod)));
    return endpoints;
  }

  public static Map<String, WindowActivity.CallCounts> permissions(ActivityBucket bucket) {
    Map<String, WindowActivity.CallCounts> permissions = new TreeMap<>();
    bucket.getPermissions().forEach((permission, counts) -> permissions.put(permission, counts(counts)));
    return permissions;
  }

  private static WindowActivity.CallCounts counts(CallCounts counts) {
    return new WindowActivity.CallCounts(counts.getCalls(), counts.getSuccessful());
  }

  private static Registration registration(AppRegistration registration) {
    return new Registration(
        registration.getName(), registration.getDescription(), List.copyOf(registration.getPermissions()));
  }
}
