package dev.graduation.streams.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.graduation.events.AppRegistration;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.rules.WindowMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Eligibility "now", the hot query, answered from JSON kept per app: computed once after each
 * change of the app's state ({@link AppStateVersions}) instead of once per request.
 *
 * <p>Why an answer can be kept: between two changes of an app's state, its answer at any instant
 * of the same UTC hour differs only in {@code evaluatedAt} and {@code window.to}, provided that
 * (1) the window starts at the same instant (calendar windows: the same UTC day), and (2) no hour
 * had to be cut at the window's edge, i.e. the answer did not read raw calls and no call counted
 * in it lies after the instant asked about (an event a few minutes ahead of the clock). So the
 * JSON is kept with those two values left out and filled in per request; the hour is part of the
 * key because a later hour's bucket is not read at all before that hour starts.
 *
 * <p>Only answers read from an active task are kept (this class is not used for standbys, whose
 * state changes without the stream thread telling). Kept answers are bounded in bytes; the least
 * recently used go first.
 */
final class EligibilityAnswers {

  /** What kept answers may take of the heap: ~10,000 apps with realistic histories. */
  static final long MAX_BYTES = 32L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stands for the instant asked about in a kept answer; cannot collide with an app's text. */
  private static final String INSTANT = "instant-" + UUID.randomUUID();

  /**
   * An answer with the instant left out: {@code head + at + middle + at + tail}.
   *
   * @param version the app's state version read before the answer was computed
   * @param from the window's start
   * @param hour the UTC hour of the instant it was computed at
   * @param latestEventMs the latest event time counted in it
   */
  private record Kept(long version, Instant from, Instant hour, long latestEventMs, byte[] head, byte[] middle, byte[] tail) {

    int bytes() {
      return head.length + middle.length + tail.length + 96;
    }

    boolean answers(long currentVersion, Instant currentFrom, Instant at) {
      return version == currentVersion
          && from.equals(currentFrom)
          && hour.equals(at.truncatedTo(ChronoUnit.HOURS))
          && at.toEpochMilli() >= latestEventMs;
    }

    byte[] at(Instant at) {
      byte[] instant = at.toString().getBytes(StandardCharsets.US_ASCII);
      byte[] answer = new byte[head.length + middle.length + tail.length + 2 * instant.length];
      int position = 0;
      for (byte[] part : new byte[][] {head, instant, middle, instant, tail}) {
        System.arraycopy(part, 0, answer, position, part.length);
        position += part.length;
      }
      return answer;
    }
  }

  private final AppQueries queries;
  private final AppStateVersions versions;
  private final WindowMode windowMode;
  private final Cache<String, Kept> kept =
      Caffeine.newBuilder().maximumWeight(MAX_BYTES).weigher((String appId, Kept answer) -> answer.bytes()).build();

  EligibilityAnswers(AppQueries queries, AppStateVersions versions) {
    this.queries = queries;
    this.versions = versions;
    this.windowMode = queries.windowMode();
  }

  /** The answer at {@code at} read from an active task's state, as JSON. */
  byte[] fromActive(String appId, Instant at, ActivityReader reader) {
    // Read before the state: a change during the read then makes the kept answer's version old.
    long version = versions.of(appId);
    Instant from = windowMode.windowStart(at);
    Kept answer = kept.getIfPresent(appId);
    if (answer != null && answer.answers(version, from, at)) {
      return answer.at(at);
    }
    Observed observed = new Observed(reader);
    Responses.Eligibility computed = queries.eligibility(appId, at, observed);
    if (observed.cut || observed.latestEventMs > at.toEpochMilli()) {
      return write(computed);
    }
    Kept fresh = keep(computed, version, from, at, observed.latestEventMs);
    kept.put(appId, fresh);
    return fresh.at(at);
  }

  /** The answer as JSON, nothing kept (standbys, instants asked about explicitly). */
  static byte[] write(Object answer) {
    try {
      return JSON.writeValueAsBytes(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer record could not be written as JSON", e);
    }
  }

  private static Kept keep(Responses.Eligibility answer, long version, Instant from, Instant at, long latestEventMs) {
    Responses.Eligibility template =
        new Responses.Eligibility(
            answer.appId(),
            answer.eligible(),
            INSTANT,
            new Responses.Window(answer.window().from(), INSTANT),
            answer.totals(),
            answer.endpoints(),
            answer.permissions(),
            answer.rules());
    String json = new String(write(template), StandardCharsets.UTF_8);
    int first = json.indexOf(INSTANT);
    int second = json.indexOf(INSTANT, first + INSTANT.length());
    return new Kept(
        version,
        from,
        at.truncatedTo(ChronoUnit.HOURS),
        latestEventMs,
        utf8(json.substring(0, first)),
        utf8(json.substring(first + INSTANT.length(), second)),
        utf8(json.substring(second + INSTANT.length())));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A reader that notes whether an answer depended on the instant beyond its two fields. */
  private static final class Observed implements ActivityReader {
    private final ActivityReader reader;
    private boolean cut;
    private long latestEventMs = Long.MIN_VALUE;

    Observed(ActivityReader reader) {
      this.reader = reader;
    }

    @Override
    public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
      List<Bucket> buckets = reader.hourly(appId, fromHour, toHour);
      for (Bucket bucket : buckets) {
        Long last = bucket.activity().getLastEventAt();
        if (last != null) {
          latestEventMs = Math.max(latestEventMs, last);
        }
      }
      return buckets;
    }

    @Override
    public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
      return reader.rolledUpDays(appId, fromDay, toDay);
    }

    @Override
    public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
      cut = true;
      return reader.calls(appId, from, to);
    }

    @Override
    public Optional<AppRegistration> registration(String appId) {
      return reader.registration(appId);
    }
  }
}
