package dev.graduation.streams.query;

import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.CallChunks;
import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.ReceivedCall;
import dev.graduation.streams.topology.GraduationTopology;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link ActivityReader} over a running KafkaStreams, through interactive queries (IQv2), reading
 * only the partition that owns the app. IQv2 is {@code @Evolving}: this class is the one place
 * that uses it. Anything not answerable yet (restoring, rebalancing, partition not here) is a
 * {@link QueryException#unavailable} so callers answer 503, never a wrong number.
 */
public final class InteractiveQueryReader implements ActivityReader, AppDirectory {

  private final Supplier<KafkaStreams> streams;

  /** @param streams the running instance; null until it has been created */
  public InteractiveQueryReader(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  @Override
  public List<Bucket> hourly(String appId, Instant fromHour, Instant toHour) {
    return buckets(GraduationTopology.HOURLY_STORE, appId, fromHour, toHour);
  }

  @Override
  public List<Bucket> rolledUpDays(String appId, Instant fromDay, Instant toDay) {
    return buckets(GraduationTopology.DAILY_STORE, appId, fromDay, toDay);
  }

  @Override
  public List<EnrichedCall> calls(String appId, Instant from, Instant to) {
    // Raw calls are stored a chunk per app, UTC hour and commit, under the hour's start.
    Instant fromHour = from.truncatedTo(ChronoUnit.HOURS);
    Instant toHour = to.truncatedTo(ChronoUnit.HOURS);
    List<List<ReceivedCall>> chunks = new ArrayList<>();
    try (WindowStoreIterator<Object> stored =
        query(
            GraduationTopology.RECENT_CALLS_STORE,
            appId,
            WindowKeyQuery.withKeyAndWindowStartRange(appId, fromHour, toHour))) {
      stored.forEachRemaining(entry -> chunks.add(chunk(entry.value)));
    }
    return CallChunks.within(chunks, from, to);
  }

  @Override
  public Optional<AppRegistration> registration(String appId) {
    Object value =
        query(GraduationTopology.REGISTRATIONS_STORE, appId, KeyQuery.<String, Object>withKey(appId));
    return Optional.ofNullable((AppRegistration) unwrap(value));
  }

  private List<Bucket> buckets(String store, String appId, Instant from, Instant to) {
    List<Bucket> buckets = new ArrayList<>();
    try (WindowStoreIterator<Object> iterator =
        query(store, appId, WindowKeyQuery.withKeyAndWindowStartRange(appId, from, to))) {
      while (iterator.hasNext()) {
        KeyValue<Long, Object> entry = iterator.next();
        buckets.add(new Bucket(Instant.ofEpochMilli(entry.key), (ActivityBucket) unwrap(entry.value)));
      }
    }
    return buckets;
  }

  @Override
  public List<EligibilityChange> knownApps() {
    KafkaStreams streams = running();
    StateQueryResult<KeyValueIterator<String, Object>> result =
        streams.query(
            StateQueryRequest.inStore(GraduationTopology.VERDICTS_STORE)
                .withQuery(RangeQuery.<String, Object>withNoBounds()));
    List<EligibilityChange> apps = new ArrayList<>();
    for (QueryResult<KeyValueIterator<String, Object>> partition : result.getPartitionResults().values()) {
      if (partition.isSuccess()) {
        try (KeyValueIterator<String, Object> iterator = partition.getResult()) {
          iterator.forEachRemaining(entry -> apps.add((EligibilityChange) unwrap(entry.value)));
        }
      }
    }
    apps.sort(Comparator.comparing(EligibilityChange::getAppId));
    return apps;
  }

  /**
   * Apps whose last verdict is eligible, in the active tasks of this instance (standbys left out,
   * so that the sum over instances counts each app once); NaN while the client cannot answer.
   */
  public double eligibleApps() {
    try {
      StateQueryResult<KeyValueIterator<String, Object>> result =
          running().query(
              StateQueryRequest.inStore(GraduationTopology.VERDICTS_STORE)
                  .withQuery(RangeQuery.<String, Object>withNoBounds())
                  .requireActive());
      long eligible = 0;
      for (QueryResult<KeyValueIterator<String, Object>> partition : result.getPartitionResults().values()) {
        if (partition.isSuccess()) {
          try (KeyValueIterator<String, Object> iterator = partition.getResult()) {
            while (iterator.hasNext()) {
              eligible += ((EligibilityChange) unwrap(iterator.next().value)).getEligible() ? 1 : 0;
            }
          }
        }
      }
      return eligible;
    } catch (RuntimeException e) {
      return Double.NaN; // not started, or shutting down: no answer rather than a wrong 0
    }
  }

  @SuppressWarnings("unchecked") // the raw-call store's values (CallChunkSerde)
  private static List<ReceivedCall> chunk(Object value) {
    return (List<ReceivedCall>) value;
  }

  /** Timestamped stores may answer with the value and its timestamp: we want the value. */
  private static Object unwrap(Object value) {
    return value instanceof ValueAndTimestamp<?> timestamped ? timestamped.value() : value;
  }

  private KafkaStreams running() {
    KafkaStreams streams = this.streams.get();
    if (streams == null) {
      throw QueryException.unavailable("state is not ready yet (starting)");
    }
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw QueryException.unavailable("state is not ready yet (streams " + state + ")");
    }
    return streams;
  }

  private <R> R query(String store, String appId, Query<R> query) {
    KafkaStreams streams = running();
    KeyQueryMetadata owner =
        streams.queryMetadataForKey(store, appId, Serdes.String().serializer());
    if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
      throw QueryException.unavailable("state is being rebalanced");
    }
    int partition = owner.partition();
    QueryResult<R> result =
        streams
            .query(StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(partition)).requireActive())
            .getPartitionResults()
            .get(partition);
    if (result == null || result.isFailure()) {
      throw QueryException.unavailable(
          "state of partition "
              + partition
              + " is not queryable here yet"
              + (result == null ? "" : " (" + result.getFailureReason() + ")"));
    }
    return result.getResult();
  }
}
