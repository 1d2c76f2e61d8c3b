package dev.graduation.streams.query;

import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_2;
import static dev.graduation.streams.Calls.PRESENCE_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.events.AppRegistration;
import dev.graduation.streams.Calls;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.CallEnricher;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.rules.GraduationRules;
import dev.graduation.streams.rules.RuleConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A kept eligibility answer is byte for byte what computing it again would give, whatever the
 * instant asked about; it is computed again after the app's state changed, in another hour or day,
 * or while a counted call lies after the instant. The oracle is {@link AppQueries} itself, run on
 * every request. Seen failing: with the hour left out of the key (a call in the next hour never
 * shown), and with the latest event time not checked (a call ahead of the clock shown early).
 */
class EligibilityAnswersTest {

  private static final String APP = "app-kept";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EndpointCatalog CATALOG = EndpointCatalog.load();
  private static final CallEnricher ENRICHER = new CallEnricher(CATALOG);

  private final Stores stores = new Stores();
  private final AppStateVersions versions = new AppStateVersions();
  private final AppQueries queries =
      new AppQueries(
          new EligibilityEvaluator(
              RuleConfig.DEFAULTS,
              GraduationRules.forCatalog(CATALOG),
              Duration.ofDays(35),
              Clock.fixed(DAY_2.plus(Duration.ofHours(12)), ZoneOffset.UTC)));
  private final EligibilityAnswers answers = new EligibilityAnswers(queries, versions);

  @Test
  void aKeptAnswerIsTheComputedOneAtEveryInstantOfTheHour() throws IOException {
    Instant tenOClock = DAY_2.plus(Duration.ofHours(10));
    for (int i = 0; i < 30; i++) {
      stores.add(Calls.call(APP, "GET", i % 3 == 0 ? PRESENCE_PATH : CALL_LOG_PATH, i % 7 == 0 ? 404 : 200,
          tenOClock.minus(Duration.ofMinutes(40L * i))));
    }
    versions.changed(APP);

    for (Instant at : List.of(tenOClock.plusSeconds(5), tenOClock.plusMillis(5_123), tenOClock.plus(Duration.ofMinutes(59)))) {
      assertSameAnswer(at);
    }
    assertThat(stores.hourlyReads).as("computed once, then kept").hasValue(1);
  }

  @Test
  void aChangeOfTheAppsStateIsShownAtOnce() throws IOException {
    Instant at = DAY_2.plus(Duration.ofHours(10));
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.minusSeconds(60)));
    versions.changed(APP);
    assertSameAnswer(at);

    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 429, at.minusSeconds(30)));
    versions.changed(APP);
    assertThat(totalCalls(answers.fromActive(APP, at.plusSeconds(1), stores))).isEqualTo(2);

    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.minusSeconds(20)));
    versions.changedAll();
    assertThat(totalCalls(answers.fromActive(APP, at.plusSeconds(2), stores))).isEqualTo(3);
  }

  @Test
  void aCallInTheNextHourIsShownOnceThatHourStarts() throws IOException {
    Instant at = DAY_2.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(58));
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.minusSeconds(60)));
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.plus(Duration.ofMinutes(3))));
    versions.changed(APP);

    assertThat(totalCalls(answers.fromActive(APP, at, stores))).isEqualTo(1);
    assertThat(totalCalls(answers.fromActive(APP, at.plus(Duration.ofMinutes(4)), stores))).isEqualTo(2);
  }

  @Test
  void aCallAheadOfTheInstantInTheSameHourIsShownOnceItIsReached() throws IOException {
    Instant at = DAY_2.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(10));
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.minusSeconds(60)));
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, at.plus(Duration.ofMinutes(2))));
    versions.changed(APP);

    assertSameAnswer(at);
    assertThat(totalCalls(answers.fromActive(APP, at.plusSeconds(60), stores))).isEqualTo(1);
    assertThat(totalCalls(answers.fromActive(APP, at.plus(Duration.ofMinutes(2)), stores))).isEqualTo(2);
    assertSameAnswer(at.plus(Duration.ofMinutes(3)));
  }

  @Test
  void theWindowMovesAtMidnight() throws IOException {
    stores.add(Calls.call(APP, "GET", CALL_LOG_PATH, 200, DAY_2.minus(Duration.ofHours(2))));
    versions.changed(APP);
    Instant lastHourOfDay2 = DAY_2.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(59));

    assertThat(totalCalls(answers.fromActive(APP, lastHourOfDay2, stores))).isEqualTo(1);
    assertThat(totalCalls(answers.fromActive(APP, DAY_2.plus(Duration.ofDays(1)).plusSeconds(1), stores))).isZero();
  }

  /** The answer given is the one {@link AppQueries} computes now, written as the server writes it. */
  private void assertSameAnswer(Instant at) throws IOException {
    byte[] given = answers.fromActive(APP, at, stores);
    int reads = stores.hourlyReads.get();
    String computed = JSON.writeValueAsString(queries.eligibility(APP, at, stores));
    stores.hourlyReads.set(reads);
    assertThat(new String(given, StandardCharsets.UTF_8)).as("at %s", at).isEqualTo(computed);
  }

  private static long totalCalls(byte[] answer) throws IOException {
    return JSON.readTree(answer).path("totals").path("calls").asLong();
  }

  /** An app's hour buckets and raw calls, as the topology would have stored them. */
  private static final class Stores implements ActivityReader {
    private final TreeMap<Instant, ActivityBucket> hours = new TreeMap<>();
    private final List<EnrichedCall> calls = new ArrayList<>();
    final AtomicInteger hourlyReads = new AtomicInteger();

    void add(dev.graduation.events.ApiCallEvent event) {
      EnrichedCall call = ENRICHER.enrich(event);
      Instant hour = event.getTimestamp().truncatedTo(ChronoUnit.HOURS);
      ActivityBuckets.add(hours.computeIfAbsent(hour, ignored -> ActivityBuckets.empty()), call);
      calls.add(call);
    }

    @Override
    public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
      hourlyReads.incrementAndGet();
      List<Bucket> buckets = new ArrayList<>();
      hours.subMap(fromHour, true, toHour, true).forEach((start, bucket) -> buckets.add(new Bucket(start, bucket)));
      return buckets;
    }

    @Override
    public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
      return List.of();
    }

    @Override
    public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
      return calls.stream()
          .filter(call -> !Instant.ofEpochMilli(call.getTimestamp()).isBefore(from)
              && !Instant.ofEpochMilli(call.getTimestamp()).isAfter(to))
          .toList();
    }

    @Override
    public Optional<AppRegistration> registration(String appId) {
      return Optional.empty();
    }
  }
}
