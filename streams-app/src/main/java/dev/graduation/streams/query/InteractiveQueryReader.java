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
import org.apache.kafka.streams.KafkaStreams;
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
 * {@link ActivityReader} over this instance's copy of one partition, through interactive queries
 * (IQv2). IQv2 is {@code @Evolving}: this class is the one place that uses it. {@link KeyOwners}
 * chose the partition and how to read it: an active owner reads with {@code requireActive()}, so
 * that a task which is restoring, or was just handed to another instance, fails the read instead
 * of answering from old state; a standby read, chosen because its lag is within the bound, reads
 * whatever copy is here. Anything not answerable is a {@link QueryException#unavailable} so
 * callers answer 503, never a wrong number.
 */
public final class InteractiveQueryReader implements ActivityReader {

  private final KafkaStreams streams;
  private final int partition;
  private final boolean requireActive;

  /** @param requireActive read only a running active task's stores */
  InteractiveQueryReader(KafkaStreams streams, int partition, boolean requireActive) {
    this.streams = streams;
    this.partition = partition;
    this.requireActive = requireActive;
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
            WindowKeyQuery.withKeyAndWindowStartRange(appId, fromHour, toHour))) {
      stored.forEachRemaining(entry -> chunks.add(chunk(entry.value)));
    }
    return CallChunks.within(chunks, from, to);
  }

  @Override
  public Optional<AppRegistration> registration(String appId) {
    Object value =
        query(GraduationTopology.REGISTRATIONS_STORE, KeyQuery.<String, Object>withKey(appId));
    return Optional.ofNullable((AppRegistration) unwrap(value));
  }

  private List<Bucket> buckets(String store, String appId, Instant from, Instant to) {
    List<Bucket> buckets = new ArrayList<>();
    try (WindowStoreIterator<Object> iterator =
        query(store, WindowKeyQuery.withKeyAndWindowStartRange(appId, from, to))) {
      while (iterator.hasNext()) {
        KeyValue<Long, Object> entry = iterator.next();
        buckets.add(new Bucket(Instant.ofEpochMilli(entry.key), (ActivityBucket) unwrap(entry.value)));
      }
    }
    return buckets;
  }

  /**
   * The apps of {@code partitions} that pass the filter, in appId order, at most {@code limit + 1}
   * (one more tells the caller there is a next page), read from the verdicts of running active
   * tasks only: an app is listed by the one instance that owns it.
   */
  static List<Responses.AppSummary> apps(KafkaStreams streams, Set<Integer> partitions, AppListing.Filter filter) {
    String lower = filter.lowerBound();
    RangeQuery<String, Object> range =
        (lower == null ? RangeQuery.<String, Object>withNoBounds() : RangeQuery.<String, Object>withLowerBound(lower))
            .withAscendingKeys();
    StateQueryResult<KeyValueIterator<String, Object>> result =
        streams.query(
            StateQueryRequest.inStore(GraduationTopology.VERDICTS_STORE)
                .withQuery(range)
                .withPartitions(partitions)
                .requireActive());
    List<Responses.AppSummary> apps = new ArrayList<>();
    try {
      for (int partition : partitions) {
        QueryResult<KeyValueIterator<String, Object>> answer = result.getPartitionResults().get(partition);
        if (answer == null || answer.isFailure()) {
          throw QueryException.unavailable("partition " + partition + " is not active here (" + reason(answer) + ")");
        }
        KeyValueIterator<String, Object> iterator = answer.getResult();
        int taken = 0;
        while (taken <= filter.limit() && iterator.hasNext()) {
          KeyValue<String, Object> entry = iterator.next();
          if (!filter.inPrefix(entry.key)) {
            break;
          }
          EligibilityChange verdict = (EligibilityChange) unwrap(entry.value);
          if (filter.accepts(entry.key, verdict.getEligible())) {
            apps.add(new Responses.AppSummary(
                verdict.getAppId(), verdict.getEligible(), List.copyOf(verdict.getFailedRules()), verdict.getEvaluatedAt().toString()));
            taken++;
          }
        }
      }
    } finally {
      result.getPartitionResults().values().stream()
          .filter(QueryResult::isSuccess)
          .forEach(answer -> answer.getResult().close());
    }
    apps.sort(Comparator.comparing(Responses.AppSummary::appId));
    return apps.size() > filter.limit() + 1 ? apps.subList(0, filter.limit() + 1) : apps;
  }

  /**
   * Apps whose last verdict is eligible, in the active tasks of this instance (standbys left out,
   * so that the sum over instances counts each app once); NaN while the client cannot answer.
   */
  public static double eligibleApps(Supplier<KafkaStreams> instance) {
    try {
      StateQueryResult<KeyValueIterator<String, Object>> result =
          running(instance).query(
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

  /** The instance, if it can answer queries at all (running or rebalancing); else 503. */
  static KafkaStreams running(Supplier<KafkaStreams> instance) {
    KafkaStreams streams = instance.get();
    if (streams == null) {
      throw QueryException.unavailable("state is not ready yet (starting)");
    }
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
      throw QueryException.unavailable("state is not ready yet (streams " + state + ")");
    }
    return streams;
  }

  private <R> R query(String store, Query<R> query) {
    StateQueryRequest<R> request = StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(partition));
    QueryResult<R> result =
        streams.query(requireActive ? request.requireActive() : request).getPartitionResults().get(partition);
    if (result == null || result.isFailure()) {
      throw QueryException.unavailable("state of partition " + partition + " is not queryable here yet (" + reason(result) + ")");
    }
    return result.getResult();
  }

  private static String reason(QueryResult<?> result) {
    return result == null ? "not present" : String.valueOf(result.getFailureReason());
  }
}
