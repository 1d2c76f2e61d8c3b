package dev.graduation.streams.topology;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import dev.graduation.schemas.SpecificAvroSerde;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.activity.AppStateVersions;
import dev.graduation.streams.activity.EligibilityEvaluator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.CallChunkSerde;
import dev.graduation.streams.events.CallEnricher;
import dev.graduation.streams.events.ReceivedCall;
import dev.graduation.streams.rules.GraduationRules;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole pipeline, top to bottom: api-calls in; deduplicated, enriched calls aggregated per
 * app into UTC hour and day buckets; the apps counted, merged with registration changes, into
 * verdicts; changed verdicts out to eligibility-changes. The query API reads the stores named
 * here. {@code Topology.describe()} of it is printed in the streams-app README.
 */
public final class GraduationTopology {

  /**
   * eventId -> event time of its first copy, kept one dedup horizon of stream time: dedup of
   * calls older than the raw calls kept.
   */
  public static final String DEDUP_STORE = "dedup-event-ids";
  /**
   * appId -> every deduplicated call, a chunk per UTC hour and commit ({@link CallChunkSerde}:
   * what the rules need of each call, its catalog operation stored once per chunk).
   */
  public static final String RECENT_CALLS_STORE = "recent-call-digests";
  /** appId -> {@link ActivityBucket} per UTC hour. */
  public static final String HOURLY_STORE = "app-activity-hourly";
  /**
   * appId -> {@link ActivityBucket} per UTC day, rolled up from the day's hours a day after it
   * ends (see {@link ActivityRecorder}); more recent days are read as the sum of their hours.
   */
  public static final String DAILY_STORE = "app-activity-days";
  /** appId -> latest {@link AppRegistration}. */
  public static final String REGISTRATIONS_STORE = "app-registrations-store";
  /** appId -> last {@link EligibilityChange} emitted. */
  public static final String VERDICTS_STORE = "app-verdicts";

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  private GraduationTopology() {}

  public static Topology build(TopologySettings config, EndpointCatalog catalog, Clock clock) {
    return build(config, catalog, clock, new AppStateVersions());
  }

  /**
   * @param versions told of every app whose state the topology changes where queries read it
   *     (the query API keeps answers until then)
   */
  public static Topology build(
      TopologySettings config, EndpointCatalog catalog, Clock clock, AppStateVersions versions) {
    return build(config, catalog, clock, versions, Topics.ELIGIBILITY_CHANGES.name());
  }

  /**
   * @param verdictTopic where verdict changes go: eligibility-changes, or a replay's own topic
   *     while it rebuilds history, so that consumers of eligibility-changes do not get the past
   *     again (the topic is named by the sink only: stores and tasks are the same either way)
   */
  public static Topology build(
      TopologySettings config, EndpointCatalog catalog, Clock clock, AppStateVersions versions, String verdictTopic) {
    Map<String, Object> serdeConfig = config.serdeConfig();
    Serde<String> appIds = Serdes.String();
    Serde<ApiCallEvent> apiCallSerde = Topics.API_CALLS.valueSerde(serdeConfig);
    CallEnricher enricher = new CallEnricher(catalog);
    Serde<List<ReceivedCall>> chunkSerde = CallChunkSerde.configured(serdeConfig);
    Serde<ActivityBucket> bucketSerde = avro(ActivityBucket.getClassSchema(), serdeConfig);
    Serde<EligibilityChange> changeSerde = Topics.ELIGIBILITY_CHANGES.valueSerde(serdeConfig);
    Serde<AppRegistration> registrationSerde = Topics.APP_REGISTRATIONS.valueSerde(serdeConfig);
    EligibilityEvaluator evaluator =
        new EligibilityEvaluator(
            config.rules(), GraduationRules.forCatalog(catalog), config.dailyRetention(), clock);

    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                DEDUP_STORE, config.dedupHorizon().multipliedBy(2), Duration.ofMillis(1), false),
            Serdes.String(),
            Serdes.Long()));
    builder.addStateStore(
        RecentCallsStore.builder(
            RECENT_CALLS_STORE, config.recentCallsRetention(), appIds, chunkSerde, config.liveWindowsPerStore(), versions));
    builder.addStateStore(
        ActivityBucketStore.builder(
            HOURLY_STORE, config.hourlyRetention(), HOUR, appIds, bucketSerde, config.liveWindowsPerStore(), versions));
    builder.addStateStore(
        ActivityBucketStore.builder(
            DAILY_STORE, config.dailyRetention(), DAY, appIds, bucketSerde, config.liveWindowsPerStore(), versions));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VERDICTS_STORE), appIds, changeSerde));

    // 1. Api-call events; unreadable records (DeadLetterDeserializationHandler) go to the DLQ.
    // 2. Refuse impossible events (EventSanityCheck, to the DLQ through
    // DeadLetterProcessingHandler) and enrich the others with the catalog. 3. Drop repeated
    // eventIds; count the first copies into UTC hour buckets per app and keep them as raw calls
    // for partial hours; roll up each day's hours into a day bucket a day after the day ends.
    // Late events count in every bucket still kept. One processor for 2 and 3 (ActivityRecorder):
    // every step of a chain is a record copy per call. Out: the apps it counted, once per app and
    // verdict interval.
    KStream<String, VerdictTrigger> appsWithNewCalls =
        builder.stream(Topics.API_CALLS.name(), Consumed.with(appIds, apiCallSerde).withName("api-calls"))
            .process(
                () ->
                    new ActivityRecorder(
                        enricher,
                        new ActivityRecorder.Retention(
                            config.dedupHorizon(),
                            config.recentCallsRetention(),
                            config.hourlyRetention(),
                            config.dailyRetention()),
                        config.verdictInterval()),
                Named.as("check-enrich-dedup-count"),
                RECENT_CALLS_STORE,
                HOURLY_STORE,
                DAILY_STORE,
                DEDUP_STORE);

    // 4. Registrations: declared permissions and description, latest wins. A change is a reason
    // to look at the app's verdict again.
    KTable<String, AppRegistration> registrations =
        builder.table(
            Topics.APP_REGISTRATIONS.name(),
            Consumed.with(appIds, registrationSerde).withName("app-registrations"),
            Materialized.<String, AppRegistration, KeyValueStore<Bytes, byte[]>>as(REGISTRATIONS_STORE)
                .withKeySerde(appIds)
                .withValueSerde(registrationSerde));
    KStream<String, VerdictTrigger> registrationChanges =
        registrations
            .toStream(Named.as("registration-changes"))
            .mapValues(registration -> VerdictTrigger.REGISTRATION_CHANGED, Named.as("as-verdict-trigger"));

    // 5. Both kinds of apps to look at again, evaluated (within a CPU budget per interval, and
    // every app once per sweep); verdicts that changed go to eligibility-changes.
    appsWithNewCalls
        .merge(registrationChanges, Named.as("apps-to-evaluate"))
        .process(
            () -> new VerdictProcessor(evaluator, config.verdictInterval(), config.verdictSweepInterval(), versions),
            Named.as("verdicts"),
            VERDICTS_STORE,
            HOURLY_STORE,
            DAILY_STORE,
            RECENT_CALLS_STORE,
            REGISTRATIONS_STORE)
        .to(verdictTopic, Produced.with(appIds, changeSerde).withName("eligibility-changes"));

    return builder.build();
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> avro(
      org.apache.avro.Schema schema, Map<String, Object> serdeConfig) {
    return SpecificAvroSerde.configured(schema, serdeConfig, false);
  }
}
