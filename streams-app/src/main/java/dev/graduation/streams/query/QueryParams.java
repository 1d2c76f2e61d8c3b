package dev.graduation.streams.query;

import dev.graduation.schemas.AppIds;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses and bounds the parameters of the query API: anything malformed or outside what the
 * stores keep is a 400 saying so, never a silently truncated answer.
 */
public final class QueryParams {

  /** Ingest accepts events this far ahead of its clock, so queries may look that far ahead too. */
  private static final Duration FUTURE_SKEW = Duration.ofMinutes(5);
  private static final Duration EVALUATION_WINDOW = Duration.ofHours(49);

  private final Clock clock;
  private final Duration hourlyRetention;
  private final Duration dailyRetention;
  private final Duration recentCallsRetention;

  /** @param recentCallsRetention how long raw calls are kept: the reach of answers read from them */
  public QueryParams(Clock clock, Duration hourlyRetention, Duration dailyRetention, Duration recentCallsRetention) {
    this.clock = clock;
    this.hourlyRetention = hourlyRetention;
    this.dailyRetention = dailyRetention;
    this.recentCallsRetention = recentCallsRetention;
  }

  static String appId(Context ctx) {
    String appId = ctx.pathParam("appId");
    if (!AppIds.isValid(appId)) {
      throw QueryException.badRequest("appId " + AppIds.RULE);
    }
    return appId;
  }

  /** {@code at}: now by default; must leave a whole evaluation window inside the hourly data. */
  Instant at(Context ctx) {
    // Event times are milliseconds: a finer `at` changes nothing but the noise in the answer.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant at = instant(ctx, "at", now);
    Instant oldest = now.minus(hourlyRetention).plus(EVALUATION_WINDOW);
    if (at.isBefore(oldest)) {
      throw QueryException.badRequest("at must not be before " + oldest + " (data kept for " + hourlyRetention.toDays() + " days)");
    }
    if (at.isAfter(now.plus(FUTURE_SKEW))) {
      throw QueryException.badRequest("at must not be more than 5 minutes in the future");
    }
    return at;
  }

  AppQueries.Granularity granularity(Context ctx) {
    String value = ctx.queryParam("granularity");
    if (value == null) {
      return AppQueries.Granularity.HOUR;
    }
    try {
      return AppQueries.Granularity.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw QueryException.badRequest("granularity must be hour or day");
    }
  }

  /** [from, to] for a series: defaults to the last 24 hours (hour) or 7 days (day). */
  Range range(Context ctx, AppQueries.Granularity granularity) {
    Duration kept = granularity == AppQueries.Granularity.HOUR ? hourlyRetention : dailyRetention;
    Duration defaultSpan = granularity == AppQueries.Granularity.HOUR ? Duration.ofHours(24) : Duration.ofDays(7);
    return range(ctx, kept, defaultSpan);
  }

  /** [from, to] for an exact breakdown over hour data: defaults to the last 24 hours. */
  Range exactRange(Context ctx) {
    return range(ctx, hourlyRetention, Duration.ofHours(24));
  }

  /** [from, to] for an answer read from the raw calls: defaults to the last 24 hours. */
  Range rawCallsRange(Context ctx) {
    return range(ctx, recentCallsRetention, Duration.ofHours(24));
  }

  private Range range(Context ctx, Duration kept, Duration defaultSpan) {
    Instant now = clock.instant();
    Instant to = instant(ctx, "to", now);
    Instant from = instant(ctx, "from", to.minus(defaultSpan));
    if (from.isAfter(to)) {
      throw QueryException.badRequest("from must not be after to");
    }
    Instant oldest = now.minus(kept);
    if (from.isBefore(oldest)) {
      throw QueryException.badRequest("from must not be before " + oldest + " (data kept for " + kept.toDays() + " days)");
    }
    if (to.isAfter(now.plus(FUTURE_SKEW))) {
      throw QueryException.badRequest("to must not be more than 5 minutes in the future");
    }
    return new Range(from, to);
  }

  record Range(Instant from, Instant to) {}

  /** {@code prefix}, {@code eligible}, {@code cursor} and {@code limit} of {@code GET /v1/apps}. */
  static AppListing.Filter listing(Context ctx) {
    String prefix = ctx.queryParam("prefix") == null ? "" : ctx.queryParam("prefix");
    if (!prefix.isEmpty() && !AppIds.isValid(prefix)) {
      throw QueryException.badRequest("prefix must be the start of an appId: up to 64 of A-Z a-z 0-9 . _ -");
    }
    String eligible = ctx.queryParam("eligible");
    if (eligible != null && !eligible.equals("true") && !eligible.equals("false")) {
      throw QueryException.badRequest("eligible must be true or false");
    }
    String cursor = ctx.queryParam("cursor");
    return new AppListing.Filter(
        prefix,
        eligible == null ? null : Boolean.valueOf(eligible),
        cursor == null || cursor.isEmpty() ? null : ListingCursor.appId(cursor),
        limit(ctx.queryParam("limit")));
  }

  private static int limit(String value) {
    if (value == null || value.isEmpty()) {
      return AppListing.DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= AppListing.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw QueryException.badRequest("limit must be a whole number from 1 to " + AppListing.MAX_LIMIT);
  }

  /**
   * {@code partitions} of a listing request another instance forwarded (the partitions it expects
   * this one to run the active tasks of); null when absent: all of this instance's.
   */
  static Set<Integer> partitions(Context ctx, int partitionCount) {
    String value = ctx.queryParam("partitions");
    if (value == null) {
      return null;
    }
    Set<Integer> partitions = new TreeSet<>();
    for (String part : value.split(",", -1)) {
      try {
        int partition = Integer.parseInt(part);
        if (partition >= 0 && partition < partitionCount) {
          partitions.add(partition);
          continue;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw QueryException.badRequest("partitions must be partition numbers from 0 to " + (partitionCount - 1) + ", comma-separated");
    }
    return partitions;
  }

  private static Instant instant(Context ctx, String name, Instant fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw QueryException.badRequest(name + " must be an RFC 3339 instant such as 2026-11-23T10:00:00Z");
    }
  }
}
