package dev.graduation.schemas;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the pipeline, created with explicit partitions, retention and cleanup policy
 * from this one place.
 */
public final class Topics {

  /**
   * Api-call events from ingest, keyed by appId. Kept 35 days, the longest window the product
   * reports on (streams-app's day buckets: 35 days of daily data), so that ops can replay the
   * topic to recompute everything ({@code replay run} refuses when the topic no longer holds what
   * a replay needs). Set at creation; ops change it with {@code kafka-configs --alter
   * --add-config retention.ms=...}, and must keep it at least the daily retention.
   */
  public static final Topic<ApiCallEvent> API_CALLS =
      new Topic<>(
          "api-calls",
          6,
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
              TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(35)),
              TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"),
          config -> SpecificAvroSerde.configured(
              new SpecificAvroSerde<>(ApiCallEvent.getClassSchema(), ApiCallEventReader::read), config, false));

  /**
   * App registrations, keyed by appId; compacted so the latest registration of every app is kept
   * forever. Same partition count as api-calls: the topology reads both in one task per app.
   */
  public static final Topic<AppRegistration> APP_REGISTRATIONS =
      new Topic<>(
          "app-registrations",
          6,
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
          avro(AppRegistration.getClassSchema()));

  /**
   * Records of api-calls that could not be read, raw bytes as they were, with the reason and the
   * source topic/partition/offset in headers. Kept 30 days for inspection and replay.
   */
  public static final Topic<byte[]> API_CALLS_DLQ =
      new Topic<>(
          "api-calls-dlq",
          1,
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
              TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(30))),
          ignored -> Serdes.ByteArray());

  /** Verdict changes emitted by the topology, keyed by appId. */
  public static final Topic<EligibilityChange> ELIGIBILITY_CHANGES =
      new Topic<>(
          "eligibility-changes",
          6,
          Map.of(
              TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
              TopicConfig.RETENTION_MS_CONFIG, millis(Duration.ofDays(35))),
          avro(EligibilityChange.getClassSchema()));

  /**
   * Which version of the topology the query layer serves, and what each replayed version was built
   * with, as JSON text keyed by {@code <application-id>/...} (streams-app's {@code VersionRecord}).
   * Compacted, so the latest record of each key is kept forever: every instance reads the whole
   * topic at start and agrees on the version. One partition: one order for every switch.
   */
  public static final Topic<String> CONTROL =
      new Topic<>(
          "graduation-control",
          1,
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
          ignored -> Serdes.String());

  /** All topics the pipeline needs, for the admin client to create up front. */
  public static final List<Topic<?>> ALL =
      List.of(API_CALLS, APP_REGISTRATIONS, API_CALLS_DLQ, ELIGIBILITY_CHANGES, CONTROL);

  private Topics() {}

  private static <V extends SpecificRecord> java.util.function.Function<Map<String, ?>, Serde<V>>
      avro(Schema schema) {
    return config -> SpecificAvroSerde.configured(schema, config, false);
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }
}
