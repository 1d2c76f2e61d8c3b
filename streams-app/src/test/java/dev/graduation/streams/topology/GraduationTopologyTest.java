package dev.graduation.streams.topology;

import static dev.graduation.streams.Calls.CALL_LOG;
import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_1;
import static dev.graduation.streams.Calls.DAY_2;
import static dev.graduation.streams.Calls.DAY_3;
import static dev.graduation.streams.Calls.PRESENCE;
import static dev.graduation.streams.Calls.PRESENCE_PATH;
import static dev.graduation.streams.Calls.call;
import static dev.graduation.streams.Calls.copyOf;
import static dev.graduation.streams.Calls.okCall;
import static dev.graduation.streams.Calls.registration;
import static dev.graduation.streams.Calls.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.PoisonedCatalog;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.StoredValueLimit;
import dev.graduation.streams.events.ReceivedCall;
import dev.graduation.streams.events.CallCounts;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.LatencyHistograms;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology without a broker: dedup, enrichment, hour/day windows, late events, DLQ, verdicts. */
class GraduationTopologyTest {

  private static final String APP = "app-1";
  private static final Instant NOW = DAY_2.plus(Duration.ofHours(10));

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, ApiCallEvent> apiCalls;
  private TestInputTopic<String, byte[]> rawApiCalls;
  private TestInputTopic<String, AppRegistration> registrations;
  private TestOutputTopic<String, EligibilityChange> changes;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    startWith(StreamsAppConfig.defaults().toBuilder());
  }

  private void startWith(StreamsAppConfig.Builder settings) {
    startWith(settings, EndpointCatalog.load());
  }

  private void startWith(StreamsAppConfig.Builder settings, EndpointCatalog catalog) {
    StreamsAppConfig config =
        settings
            .applicationId("topology-test")
            .bootstrapServers("unused:9092")
            .schemaRegistryUrl("mock://" + UUID.randomUUID())
            .stateDir(stateDir)
            .build();
    Properties props = config.streamsProperties();
    props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, meters);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    driver = new TopologyTestDriver(GraduationTopology.build(config.topologySettings(), catalog, clock), props, NOW);
    Map<String, Object> serdes = config.serdeConfig();
    apiCalls =
        driver.createInputTopic(
            Topics.API_CALLS.name(), new StringSerializer(), Topics.API_CALLS.valueSerde(serdes).serializer());
    rawApiCalls =
        driver.createInputTopic(Topics.API_CALLS.name(), new StringSerializer(), new ByteArraySerializer());
    registrations =
        driver.createInputTopic(
            Topics.APP_REGISTRATIONS.name(),
            new StringSerializer(),
            Topics.APP_REGISTRATIONS.valueSerde(serdes).serializer());
    changes =
        driver.createOutputTopic(
            Topics.ELIGIBILITY_CHANGES.name(),
            Serdes.String().deserializer(),
            Topics.ELIGIBILITY_CHANGES.valueSerde(serdes).deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private void send(ApiCallEvent... events) {
    for (ApiCallEvent event : events) {
      apiCalls.pipeInput(event.getAppId(), event, event.getTimestamp());
    }
  }

  private Map<Instant, ActivityBucket> buckets(String store, String appId) {
    ActivityBucketStore windows = (ActivityBucketStore) driver.getStateStore(store);
    Instant from = Instant.EPOCH;
    Instant to = DAY_3.plus(Duration.ofDays(30));
    Map<Instant, ActivityBucket> buckets = new java.util.TreeMap<>();
    windows.fetch(appId, from, to).forEach(bucket -> buckets.put(bucket.start(), bucket.activity()));
    // What interactive queries read: the store underneath, as of the last commit (the driver
    // commits after every record), must hold the same.
    Map<Instant, ActivityBucket> committed = new java.util.TreeMap<>();
    QueryResult<WindowStoreIterator<ValueAndTimestamp<ActivityBucket>>> result =
        windows.query(
            WindowKeyQuery.<String, ValueAndTimestamp<ActivityBucket>>withKeyAndWindowStartRange(appId, from, to),
            PositionBound.unbounded(),
            new QueryConfig(false));
    try (WindowStoreIterator<ValueAndTimestamp<ActivityBucket>> it = result.getResult()) {
      it.forEachRemaining(kv -> committed.put(Instant.ofEpochMilli(kv.key), kv.value.value()));
    }
    assertThat(committed).isEqualTo(buckets);
    return buckets;
  }

  /**
   * Day buckets as readers see them ({@link ActivityReader#daily}): rolled-up days from the daily
   * store, the others summed from their hours.
   */
  private Map<Instant, ActivityBucket> days(String appId) {
    ActivityReader stores =
        new ActivityReader() {
          @Override
          public List<Bucket> hourly(String app, Instant fromHour, Instant toHour) {
            return within(buckets(GraduationTopology.HOURLY_STORE, app), fromHour, toHour);
          }

          @Override
          public List<Bucket> rolledUpDays(String app, Instant fromDay, Instant toDay) {
            return within(buckets(GraduationTopology.DAILY_STORE, app), fromDay, toDay);
          }

          @Override
          public List<EnrichedCall> calls(String app, Instant from, Instant to) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Optional<AppRegistration> registration(String app) {
            throw new UnsupportedOperationException();
          }
        };
    Map<Instant, ActivityBucket> days = new java.util.TreeMap<>();
    stores.daily(appId, DAY_1.minus(Duration.ofDays(30)), DAY_3.plus(Duration.ofDays(30)))
        .forEach(day -> days.put(day.start(), day.activity()));
    return days;
  }

  private static List<ActivityReader.Bucket> within(Map<Instant, ActivityBucket> buckets, Instant from, Instant to) {
    List<ActivityReader.Bucket> result = new ArrayList<>();
    buckets.forEach((start, bucket) -> {
      if (!start.isBefore(from) && !start.isAfter(to)) {
        result.add(new ActivityReader.Bucket(start, bucket));
      }
    });
    return result;
  }

  /** Raw calls as the verdict reads them, and as interactive queries read them after a commit. */
  private List<EnrichedCall> rawCalls(String appId, Instant from, Instant to) {
    RecentCallsStore store = (RecentCallsStore) driver.getStateStore(GraduationTopology.RECENT_CALLS_STORE);
    List<EnrichedCall> calls = store.calls(appId, from, to);
    List<EnrichedCall> committed = new ArrayList<>();
    QueryResult<WindowStoreIterator<List<ReceivedCall>>> chunks =
        store.query(
            WindowKeyQuery.<String, List<ReceivedCall>>withKeyAndWindowStartRange(
                appId, from.truncatedTo(ChronoUnit.HOURS), to.truncatedTo(ChronoUnit.HOURS)),
            PositionBound.unbounded(),
            new QueryConfig(false));
    try (WindowStoreIterator<List<ReceivedCall>> it = chunks.getResult()) {
      it.forEachRemaining(kv -> kv.value.stream()
          .map(ReceivedCall::call)
          .filter(call -> call.getTimestamp() >= from.toEpochMilli() && call.getTimestamp() <= to.toEpochMilli())
          .forEach(committed::add));
    }
    committed.sort(java.util.Comparator.comparingLong(EnrichedCall::getTimestamp));
    assertThat(committed).isEqualTo(calls);
    return calls;
  }

  private ActivityBucket hour(Instant start) {
    return buckets(GraduationTopology.HOURLY_STORE, APP).get(start);
  }

  @Test
  void repeatedEventIdWithinTheHorizonCountsOnce() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(60));
    send(first, copyOf(first), okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(120)), copyOf(first));

    assertThat(hour(DAY_1).getCalls()).isEqualTo(2);
    assertThat(hour(DAY_1).getSuccessful()).isEqualTo(2);
  }

  @Test
  void sameEventIdFurtherApartThanTheHorizonCountsTwice() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1);
    ApiCallEvent muchLater = ApiCallEvent.newBuilder(first).setTimestamp(DAY_1.plus(Duration.ofMinutes(61))).build();
    send(first, muchLater);

    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
    assertThat(hour(DAY_1.plus(Duration.ofHours(1))).getCalls()).isEqualTo(1);
  }

  @Test
  void aRepeatInTheNextHourWithinTheHorizonCountsOnce() {
    repeatsInNeighbouringHoursCountOnce();
  }

  /**
   * The same with one live window per store: the neighbouring hour a copy is checked against has
   * left memory and is read back from the store (an hour neither holds is not looked at). Seen
   * failing with stored neighbours skipped: both copies counted (hour 1 "expected: null but was:
   * {calls: 2, ...}").
   */
  @Test
  void aRepeatInAStoredNeighbouringHourCountsOnce() {
    driver.close();
    startWith(StreamsAppConfig.defaults().toBuilder().liveWindowsPerStore(1));
    repeatsInNeighbouringHoursCountOnce();
  }

  private void repeatsInNeighbouringHoursCountOnce() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(50)));
    ApiCallEvent nextHour = ApiCallEvent.newBuilder(first).setTimestamp(DAY_1.plus(Duration.ofMinutes(70))).build();
    ApiCallEvent previousHour = okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofMinutes(130)));
    ApiCallEvent previousHourCopy =
        ApiCallEvent.newBuilder(previousHour).setTimestamp(DAY_1.plus(Duration.ofMinutes(110))).build();
    // Another app's calls in between: with one live window, each pushes the app's hours out.
    ApiCallEvent other = okCall("app-2", CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(60)));
    send(first, other, nextHour, other, previousHour, other, previousHourCopy);

    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
    assertThat(hour(DAY_1.plus(Duration.ofHours(1)))).isNull();
    assertThat(hour(DAY_1.plus(Duration.ofHours(2))).getCalls()).isEqualTo(1);
    assertThat(days(APP).get(DAY_1).getCalls()).isEqualTo(2);
  }

  /**
   * With one live window per store, every hour but the newest leaves memory at each commit: a
   * repeat or a late call of an hour that left it is checked and counted against the store, also
   * for the hours written after the store's newest window was first looked up.
   */
  @Test
  void hoursThatLeftMemoryAreReadBackForDedupAndCounting() {
    driver.close();
    startWith(StreamsAppConfig.defaults().toBuilder().liveWindowsPerStore(1));
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(10)));
    ApiCallEvent second = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(70)));
    ApiCallEvent third = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(130)));
    ApiCallEvent fourth = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(190)));
    send(first, second, third, fourth);

    send(copyOf(second), copyOf(third), okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofMinutes(140))));

    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
    assertThat(hour(DAY_1.plus(Duration.ofHours(1))).getCalls()).isEqualTo(1);
    assertThat(hour(DAY_1.plus(Duration.ofHours(2))).getCalls()).isEqualTo(2);
    assertThat(hour(DAY_1.plus(Duration.ofHours(2))).getEndpoints()).containsOnlyKeys("GET " + CALL_LOG, "GET " + PRESENCE);
    assertThat(hour(DAY_1.plus(Duration.ofHours(3))).getCalls()).isEqualTo(1);
    assertThat(rawCalls(APP, DAY_1, DAY_2)).hasSize(5);
  }

  @Test
  void aRetryOfACallOlderThanTheRawCallsKeptIsCaughtByTheStreamTimeDedup() {
    // Raw calls and hour buckets are kept 8 days, day buckets 36: a 20-day-old call counts in
    // its day only, and its retry is recognised by the stream-time dedup store.
    Instant now = DAY_3.plus(Duration.ofDays(20));
    send(okCall(APP, CALL_LOG_PATH, now));
    ApiCallEvent old = okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(5));
    send(old, copyOf(old), okCall(APP, PRESENCE_PATH, DAY_1.plusSeconds(6)));

    assertThat(buckets(GraduationTopology.HOURLY_STORE, APP)).containsOnlyKeys(now.truncatedTo(ChronoUnit.HOURS));
    assertThat(days(APP).get(DAY_1).getCalls()).isEqualTo(2);
    assertThat(rawCalls(APP, DAY_1, DAY_2)).isEmpty();
  }

  @Test
  void rawCallsAreKeptOncePerFirstCopyAcrossCommits() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(1));
    ApiCallEvent second = okCall(APP, PRESENCE_PATH, DAY_1.plusSeconds(2));
    ApiCallEvent third = okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofMinutes(90)));
    send(first, second, copyOf(first), third, copyOf(second));

    assertThat(rawCalls(APP, DAY_1, DAY_2))
        .extracting(call -> call.getEventId())
        .containsExactly(first.getEventId(), second.getEventId(), third.getEventId());
    assertThat(rawCalls(APP, DAY_1.plusSeconds(2), DAY_1.plus(Duration.ofMinutes(90))))
        .extracting(call -> call.getEventId())
        .containsExactly(second.getEventId(), third.getEventId());
  }

  @Test
  void aRetryOfALateEventIsStillCaught() {
    send(okCall(APP, CALL_LOG_PATH, DAY_3)); // stream time is now two days ahead
    ApiCallEvent late = okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(5));
    send(late, copyOf(late));

    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
  }

  private RecentCallsStore recentCalls() {
    return (RecentCallsStore) driver.getStateStore(GraduationTopology.RECENT_CALLS_STORE);
  }

  /**
   * A call's eventId is held exactly for a minute of stream time, then in its hour's Bloom
   * filter: copies of it, at its own time, later in its hour and in the next hour, are found by
   * reading the hour back. Seen failing with the filter's "maybe" taken as "no": "expected: 2L but
   * was: 3L" calls in the hour (the first copy counted twice; its id, exact again, then caught the others).
   */
  @Test
  void copiesOfACallWhoseIdLeftTheExactWindowAreDropped() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(10)));
    // Stream time ten minutes on: at that commit the first call's id moves to the filter.
    send(first, okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofMinutes(20))));

    send(
        copyOf(first),
        ApiCallEvent.newBuilder(first).setTimestamp(DAY_1.plus(Duration.ofMinutes(40))).build(),
        ApiCallEvent.newBuilder(first).setTimestamp(DAY_1.plus(Duration.ofMinutes(65))).build());

    assertThat(hour(DAY_1).getCalls()).isEqualTo(2);
    assertThat(hour(DAY_1.plus(Duration.ofHours(1)))).isNull();
    assertThat(recentCalls().hourReads()).as("each copy confirmed by reading its first copy's hour").isEqualTo(3);
  }

  /**
   * A filter that says "maybe" to every id (one bit): a new call is confirmed as no copy by
   * reading its hour, and counted. Seen failing with a "maybe" taken as a copy: "expected: 3 but
   * was: 2".
   */
  @Test
  void aFalsePositiveOfTheFilterIsCountedAsTheNewCallItIs() {
    recentCalls().makeFiltersWith(ignored -> EventIdFilter.ofOneBit());
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(10))),
        okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(20))));

    send(okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(30))));

    assertThat(hour(DAY_1).getCalls()).isEqualTo(3);
    assertThat(recentCalls().hourReads()).isEqualTo(1);
  }

  /**
   * After the store lost what it held in memory (as a task does when it is closed without a
   * commit, or restarts): the hour is loaded back, its older ids into a filter, and a copy of
   * an old call is still dropped. Seen failing with the loaded older ids left out: "expected: 2
   * but was: 3".
   */
  @Test
  void aCopyAfterTheStoreForgotItsMemoryIsDropped() {
    ApiCallEvent first = okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofMinutes(10)));
    send(first, okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofMinutes(20))));
    recentCalls().clearCache();

    send(ApiCallEvent.newBuilder(first).setTimestamp(DAY_1.plus(Duration.ofMinutes(30))).build());

    assertThat(hour(DAY_1).getCalls()).isEqualTo(2);
    assertThat(recentCalls().hourReads()).isEqualTo(1);
  }

  @Test
  void callsAreEnrichedWithTemplatePermissionAndOAuthFlags() {
    send(
        okCall(APP, CALL_LOG_PATH, DAY_1),
        call(APP, "GET", CALL_LOG_PATH, 429, DAY_1.plusSeconds(1)),
        tokenRequest(APP, DAY_1.plusSeconds(2)),
        call(APP, "POST", "/restapi/oauth/token", 429, DAY_1.plusSeconds(3)),
        call(APP, "POST", "/restapi/oauth/wstoken", 200, DAY_1.plusSeconds(4)));

    ActivityBucket bucket = hour(DAY_1);
    assertThat(bucket.getCalls()).isEqualTo(2);
    assertThat(bucket.getSuccessful()).isEqualTo(1);
    assertThat(bucket.getClientErrors()).isEqualTo(1);
    assertThat(bucket.getThrottled()).isEqualTo(1);
    assertThat(bucket.getOauthCalls()).isEqualTo(3);
    assertThat(bucket.getOauthThrottled()).isEqualTo(1);
    assertThat(bucket.getTokenRequests()).isEqualTo(2);
    assertThat(bucket.getEndpoints()).isEqualTo(Map.of("GET " + CALL_LOG, new CallCounts(2L, 1L)));
    assertThat(bucket.getPermissions())
        .isEqualTo(Map.of("ReadCallLog", new CallCounts(2L, 1L), "WebSocket", new CallCounts(1L, 1L)));
  }

  /** Store keys are the appId exactly: ids that are prefixes of each other never mix. */
  @Test
  void appsWhoseIdsArePrefixesOfEachOtherAreCountedApart() {
    send(okCall("a", CALL_LOG_PATH, DAY_1), okCall("a1", CALL_LOG_PATH, DAY_1), okCall("a1", CALL_LOG_PATH, DAY_1.plusSeconds(1)),
        okCall("a.b", CALL_LOG_PATH, DAY_1), okCall("a.b", CALL_LOG_PATH, DAY_1), okCall("a.b", CALL_LOG_PATH, DAY_1));

    assertThat(buckets(GraduationTopology.HOURLY_STORE, "a").get(DAY_1).getCalls()).isEqualTo(1);
    assertThat(buckets(GraduationTopology.HOURLY_STORE, "a1").get(DAY_1).getCalls()).isEqualTo(2);
    assertThat(buckets(GraduationTopology.HOURLY_STORE, "a.b").get(DAY_1).getCalls()).isEqualTo(3);
    assertThat(days("a").get(DAY_1).getCalls()).isEqualTo(1);
  }

  @Test
  void hourAndDayBucketsAreUtcAligned() {
    Instant lastMsOfDay1 = DAY_2.minusMillis(1);
    send(okCall(APP, CALL_LOG_PATH, lastMsOfDay1), okCall(APP, PRESENCE_PATH, DAY_2));

    assertThat(buckets(GraduationTopology.HOURLY_STORE, APP).keySet())
        .containsExactly(DAY_2.minus(Duration.ofHours(1)), DAY_2);
    Map<Instant, ActivityBucket> days = days(APP);
    assertThat(days.keySet()).containsExactly(DAY_1, DAY_2);
    assertThat(days.get(DAY_1).getEndpoints()).containsOnlyKeys("GET " + CALL_LOG);
    assertThat(days.get(DAY_2).getEndpoints()).containsOnlyKeys("GET " + PRESENCE);
  }

  @Test
  void lateEventsStillCountInTheirBuckets() {
    send(okCall(APP, CALL_LOG_PATH, DAY_3.plus(Duration.ofHours(5))));
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(3))));

    assertThat(hour(DAY_1.plus(Duration.ofHours(3))).getCalls()).isEqualTo(1);
    assertThat(days(APP).get(DAY_1).getCalls()).isEqualTo(1);
  }

  @Test
  void aDayIsRolledUpFromItsHoursOnceStreamTimeIsADayPastItsEnd() {
    send(
        okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(1))),
        call(APP, "GET", CALL_LOG_PATH, 429, DAY_1.plus(Duration.ofHours(5))),
        okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofHours(23))),
        tokenRequest(APP, DAY_1.plus(Duration.ofHours(23)).plusSeconds(1)),
        okCall(APP, PRESENCE_PATH, DAY_2.plus(Duration.ofHours(12))));
    // Not rolled up yet: day 1 ended 12 hours ago in stream time; readers sum its hours.
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP)).isEmpty();
    ActivityBucket summed = days(APP).get(DAY_1);

    send(okCall(APP, PRESENCE_PATH, DAY_3.minusMillis(1)));
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP)).isEmpty();
    send(okCall(APP, PRESENCE_PATH, DAY_3));

    ActivityBucket rolledUp = buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_1);
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP)).containsOnlyKeys(DAY_1);
    assertThat(rolledUp).isEqualTo(summed);
    assertThat(rolledUp.getCalls()).isEqualTo(3);
    assertThat(rolledUp.getSuccessful()).isEqualTo(2);
    assertThat(rolledUp.getThrottled()).isEqualTo(1);
    assertThat(rolledUp.getTokenRequests()).isEqualTo(1);
    assertThat(rolledUp.getEndpoints())
        .isEqualTo(Map.of("GET " + CALL_LOG, new CallCounts(2L, 1L), "GET " + PRESENCE, new CallCounts(1L, 1L)));
    assertThat(rolledUp.getFirstEventAt()).isEqualTo(DAY_1.plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(rolledUp.getLastEventAt()).isEqualTo(DAY_1.plus(Duration.ofHours(23)).plusSeconds(1).toEpochMilli());
    assertThat(LatencyHistograms.decode(rolledUp.getLatency()).getTotalCount()).isEqualTo(3);
    assertThat(days(APP).keySet()).containsExactly(DAY_1, DAY_2, DAY_3);
    assertThat(days(APP).get(DAY_2).getCalls()).isEqualTo(2);
  }

  /** Hours no longer in memory (least recently used, beyond the live-window bound) are read from the store. */
  @Test
  void aDayIsRolledUpFromItsStoredHoursToo() {
    driver.close();
    startWith(StreamsAppConfig.defaults().toBuilder().liveWindowsPerStore(1));
    send(
        okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(1))),
        okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(2))),
        okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofHours(3))));

    send(okCall(APP, PRESENCE_PATH, DAY_3));

    ActivityBucket day = buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_1);
    assertThat(day.getCalls()).isEqualTo(3);
    assertThat(day.getEndpoints())
        .isEqualTo(Map.of("GET " + CALL_LOG, new CallCounts(2L, 2L), "GET " + PRESENCE, new CallCounts(1L, 1L)));
  }

  /** Stream time is the task's: a registration moving it past a day boundary rolls the day up too. */
  @Test
  void aRegistrationMovingStreamTimeOnRollsUpTheDaysItMakesDue() {
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(4))), okCall(APP, PRESENCE_PATH, DAY_2));
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP)).isEmpty();

    registrations.pipeInput(APP, registration(APP, "A description long enough for the rule to pass.", List.of()), DAY_3);

    assertThat(buckets(GraduationTopology.DAILY_STORE, APP)).containsOnlyKeys(DAY_1);
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_1).getCalls()).isEqualTo(1);
  }

  @Test
  void aLateCallOfARolledUpDayCountsInItsDayAndInItsHour() {
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(2))), okCall(APP, CALL_LOG_PATH, DAY_3));
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_1).getCalls()).isEqualTo(1);

    send(okCall(APP, PRESENCE_PATH, DAY_1.plus(Duration.ofHours(2))));

    assertThat(hour(DAY_1.plus(Duration.ofHours(2))).getCalls()).isEqualTo(2);
    ActivityBucket day = buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_1);
    assertThat(day.getCalls()).isEqualTo(2);
    assertThat(day.getEndpoints()).containsOnlyKeys("GET " + CALL_LOG, "GET " + PRESENCE);
    assertThat(days(APP).get(DAY_1)).isEqualTo(day);
  }

  @Test
  void everyAppOfTheTaskIsRolledUpButOnlyItsOwnHoursCount() {
    send(okCall("a", CALL_LOG_PATH, DAY_1), okCall("b", CALL_LOG_PATH, DAY_1), okCall("b", PRESENCE_PATH, DAY_1));
    send(okCall("c", CALL_LOG_PATH, DAY_3.plus(Duration.ofHours(1))));

    assertThat(buckets(GraduationTopology.DAILY_STORE, "a").get(DAY_1).getCalls()).isEqualTo(1);
    assertThat(buckets(GraduationTopology.DAILY_STORE, "b").get(DAY_1).getCalls()).isEqualTo(2);
    assertThat(buckets(GraduationTopology.DAILY_STORE, "c")).isEmpty();
  }

  /**
   * The DLQ record itself is written through the task's record collector, which
   * TopologyTestDriver does not offer the handler: DeadLetterQueueIntegrationTest checks the record
   * and its headers on a real broker. Here: the record is skipped, counted, and processing goes on.
   */
  @Test
  void unreadableRecordsAreCountedAndProcessingGoesOn() {
    rawApiCalls.pipeInput(APP, "not avro".getBytes(StandardCharsets.UTF_8), DAY_1);
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(1)));

    assertThat(deadLetters("deserialization")).isEqualTo(1.0);
    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
  }

  /** Seen failing on purpose: without EventSanityCheck in the topology the counter stayed 0. */
  @Test
  void impossibleEventsAreRefusedAndCountedAndProcessingGoesOn() {
    send(ApiCallEvent.newBuilder(okCall(APP, CALL_LOG_PATH, DAY_1)).setStatus(999).build());
    apiCalls.pipeInput("another-app", okCall(APP, CALL_LOG_PATH, DAY_1), DAY_1); // key is not the appId
    apiCalls.pipeInput(APP, (ApiCallEvent) null, DAY_1); // a tombstone
    send(okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(1)));

    assertThat(deadLetters("processing")).isEqualTo(3.0);
    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
    assertThat(buckets(GraduationTopology.HOURLY_STORE, "another-app")).isEmpty();
  }

  /**
   * A bug (here planted in enrichment) is not a bad record: it stops processing at that record and
   * nothing of it is counted or dead-lettered, so once fixed the record is counted from its
   * uncommitted offset. Seen failing on the handler that continued on every exception: no
   * exception, the call dead-lettered (processing counter 1) and silently missing from the counts.
   */
  @Test
  void aBugInEnrichmentFailsTheTaskInsteadOfDroppingTheCall() {
    driver.close();
    startWith(StreamsAppConfig.defaults().toBuilder(), new PoisonedCatalog());
    send(okCall(APP, CALL_LOG_PATH, DAY_1));

    assertThatThrownBy(() -> send(okCall(APP, PoisonedCatalog.POISON_PATH, DAY_1.plusSeconds(1))))
        .isInstanceOf(StreamsException.class)
        .hasRootCauseMessage(PoisonedCatalog.MESSAGE);
    assertThat(deadLetters("processing")).isZero();
    assertThat(hour(DAY_1).getCalls()).isEqualTo(1);
  }

  private double deadLetters(String reason) {
    return meters.get(DeadLetterDeserializationHandler.COUNTER_NAME).tag("reason", reason).counter().count();
  }

  @Test
  void verdictChangesAreEmittedOnceAndAgainWhenTheyChange() {
    // The seed example: call-log 3 + presence 3 yesterday, call-log 2 + presence 12 today.
    List<ApiCallEvent> seed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seed.add(okCall(APP, CALL_LOG_PATH, DAY_1.plusSeconds(10 + i)));
      seed.add(okCall(APP, PRESENCE_PATH, DAY_1.plusSeconds(20 + i)));
    }
    for (int i = 0; i < 2; i++) {
      seed.add(okCall(APP, CALL_LOG_PATH, DAY_2.plusSeconds(10 + i)));
    }
    for (int i = 0; i < 12; i++) {
      seed.add(okCall(APP, PRESENCE_PATH, DAY_2.plusSeconds(30 + i)));
    }
    send(seed.toArray(ApiCallEvent[]::new));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    List<KeyValue<String, EligibilityChange>> first = changes.readKeyValuesToList();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).value.getEligible()).isFalse();
    assertThat(first.get(0).value.getPreviousEligible()).isNull();
    assertThat(first.get(0).value.getFailedRules()).containsExactly("permissions-exercised", "app-description");

    // Nothing changed: nothing emitted, even by the sweep.
    driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(changes.isEmpty()).isTrue();

    registrations.pipeInput(
        APP, registration(APP, "Syncs call logs and presence into the CRM of our customers", List.of("ReadCallLog", "ReadPresence")), NOW);
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    List<KeyValue<String, EligibilityChange>> second = changes.readKeyValuesToList();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).value.getEligible()).isTrue();
    assertThat(second.get(0).value.getPreviousEligible()).isFalse();
    assertThat(second.get(0).value.getFailedRules()).isEmpty();
    assertThat(second.get(0).value.getWindowFrom()).isEqualTo(DAY_1);
  }

  /**
   * While a task reads a backlog (stream time hours behind the clock, racing through hours of
   * event time a second), verdicts wait; once stream time has stood still for CatchUp.QUIET,
   * they come. The judgement is about
   * the interval before, so the verdicts of the first burst still come at once; the second
   * burst's wait. Seen failing with the catch-up judgement off: "app-c" had its verdict with
   * its burst.
   */
  @Test
  void verdictsWaitWhileATaskCatchesUpOnABacklog() {
    send(okCall(APP, CALL_LOG_PATH, DAY_1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(changes.readKeyValuesToList()).extracting(change -> change.key).containsExactly(APP);

    for (int hour = 1; hour <= 5; hour++) {
      send(okCall("app-b", CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(hour))));
    }
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(changes.readKeyValuesToList()).extracting(change -> change.key).containsExactly("app-b");

    for (int hour = 6; hour <= 10; hour++) {
      send(okCall("app-c", CALL_LOG_PATH, DAY_1.plus(Duration.ofHours(hour))));
    }
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(changes.isEmpty()).isTrue();
    // Stream time standing still for a second could be a task waiting its turn: still waiting.
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(changes.isEmpty()).isTrue();

    // Still for CatchUp.QUIET: the backlog is read.
    driver.advanceWallClockTime(CatchUp.QUIET);
    assertThat(changes.readKeyValuesToList()).extracting(change -> change.key).containsExactly("app-c");
  }

  /**
   * A verdict reads two days of hours; those that do not fit in memory are read from the store
   * for the verdict and not kept (they would push out the hours being counted into). With one
   * live window per store, 20 calls in 20 different hours still make exactly the 20 calls.
   * Seen failing with the stored hours left out of the answer when there is no room: the failed
   * rules had "total-successful-calls" and "successful-calls-per-endpoint" too.
   */
  @Test
  void aVerdictCountsHoursThatDoNotFitInMemory() {
    driver.close();
    startWith(StreamsAppConfig.defaults().toBuilder().liveWindowsPerStore(1));
    List<ApiCallEvent> calls = new ArrayList<>();
    for (int hour = 0; hour < 20; hour++) {
      calls.add(okCall(APP, hour < 5 ? CALL_LOG_PATH : PRESENCE_PATH, DAY_1.plus(Duration.ofHours(hour))));
    }
    send(calls.toArray(ApiCallEvent[]::new));
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    List<KeyValue<String, EligibilityChange>> verdicts = changes.readKeyValuesToList();
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.get(0).value.getFailedRules()).containsExactly("permissions-exercised", "app-description");
  }

  /**
   * Issue 21: whatever one app sends, no value the topology stores, hence no changelog record,
   * exceeds {@link StoredValueLimit#BYTES}: a registration at ingest's limits declaring every
   * permission of the catalog, a call to every catalog operation, dozens of distinct unknown
   * paths of 2,000 CJK characters (6 KB each in UTF-8, well past the endpoint budget), eventIds of 128 characters, copies, and the day rolled up. Totals
   * stay exact. (The driver commits after every record, so the raw-call chunks of a busy commit
   * are {@code CallChunkBoundTest}'s and the busy-app integration tests' part.)
   *
   * <p>Seen failing: without the endpoint budget of {@code ActivityBuckets}, a record of
   * the day buckets' changelog took 337,001 bytes.
   */
  @Test
  void noStoredValueOutgrowsTheBoundUnderHostileTraffic() {
    EndpointCatalog catalog = EndpointCatalog.load();
    registrations.pipeInput(
        APP, registration(APP, "\u4e2d".repeat(10_000), List.copyOf(catalog.permissions())), NOW.minusSeconds(3_600));
    List<ApiCallEvent> events = new ArrayList<>();
    long calls = 0;
    for (var operation : catalog.operations()) {
      events.add(call(APP, operation.method(), operation.template().replaceAll("\\{[^}]*}", "123"), 200, NOW.minusSeconds(3_000)));
      calls += operation.oauth() ? 0 : 1;
    }
    for (int u = 0; u < 50; u++, calls++) {
      events.add(call(APP, "GET", "/unknown/" + "\u4e2d".repeat(2_000) + "/u" + u, u % 4 == 0 ? 404 : 200, NOW.minusSeconds(2_000)));
    }
    long failed = events.stream().filter(event -> event.getStatus() == 404).count();
    for (int i = 0; i < events.size(); i++) {
      events.get(i).setEventId(String.format("%0128d", i));
      events.get(i).setLatencyMs((long) i * 7_919 % LatencyHistograms.MAX_TRACKABLE_MS);
    }
    events.forEach(this::send);
    events.subList(0, 100).forEach(event -> send(copyOf(event)));
    // Two days on: the day is rolled up from its hours.
    send(okCall("other-app", CALL_LOG_PATH, NOW.plus(Duration.ofDays(2))));
    driver.advanceWallClockTime(Duration.ofMinutes(1));

    List<String> changelogs = driver.producedTopicNames().stream().filter(topic -> topic.endsWith("-changelog")).toList();
    assertThat(changelogs).hasSizeGreaterThanOrEqualTo(5);
    for (String topic : driver.producedTopicNames()) {
      TestOutputTopic<byte[], byte[]> records =
          driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      for (byte[] value : records.readValuesToList()) {
        assertThat(value == null ? 0 : value.length).as("a record of %s", topic).isLessThanOrEqualTo(StoredValueLimit.BYTES);
      }
    }

    ActivityBucket hour = buckets(GraduationTopology.HOURLY_STORE, APP).get(NOW.truncatedTo(ChronoUnit.HOURS).minusSeconds(3_600));
    assertThat(hour.getCalls()).isEqualTo(calls);
    assertThat(hour.getSuccessful()).isEqualTo(calls - failed);
    assertThat(hour.getEndpoints().values().stream().mapToLong(CallCounts::getCalls).sum()).isEqualTo(calls);
    assertThat(hour.getEndpoints().get("* " + ActivityBuckets.OTHER_ENDPOINTS_TEMPLATE).getCalls())
        .as("calls of endpoints past the budget").isGreaterThan(30);
    assertThat(buckets(GraduationTopology.DAILY_STORE, APP).get(DAY_2).getCalls()).isEqualTo(calls);
  }
}
