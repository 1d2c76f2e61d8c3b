package dev.graduation.streams.query;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.topology.GraduationTopology;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link Cluster} from Kafka Streams' metadata: {@code queryMetadataForKey} for an app's owners,
 * {@code metadataForAllStreamsClients} for the instances, {@code allLocalStorePartitionLags} for
 * how fresh this instance's copies are. Every store of the topology is partitioned like
 * api-calls, by appId, so one store's metadata speaks for all.
 */
public final class KafkaStreamsCluster implements Cluster {

  private static final Serializer<String> APP_IDS = new StringSerializer();
  private static final Comparator<HostInfo> BY_ADDRESS =
      Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port);

  private final Supplier<KafkaStreams> streams;
  private final Supplier<HostInfo> self;
  private final long maxStandbyLag;
  private final StandbyResets resets;
  private final LocalLags lags;

  /**
   * @param streams the running instance; null until it has been created
   * @param self this instance's {@code application.server}, known once the query API is bound
   *     (before the instance is created)
   */
  public KafkaStreamsCluster(Supplier<KafkaStreams> streams, Supplier<HostInfo> self, long maxStandbyLag) {
    this.streams = streams;
    this.self = self;
    this.maxStandbyLag = maxStandbyLag;
    this.resets = new StandbyResets();
    this.lags = new LocalLags(() -> LocalLags.perPartition(streams.get().allLocalStorePartitionLags()), resets);
  }

  /** To be given to {@code KafkaStreams.setStandbyUpdateListener} before it starts. */
  public StandbyUpdateListener standbyListener() {
    return resets;
  }

  @Override
  public HostInfo self() {
    return self.get();
  }

  @Override
  public KeyOwners.Route route(String appId, boolean forwarded) {
    KeyQueryMetadata metadata =
        InteractiveQueryReader.running(streams).queryMetadataForKey(GraduationTopology.HOURLY_STORE, appId, APP_IDS);
    // NOT_AVAILABLE mid-rebalance; null only if the store were unknown, which the topology rules out.
    KeyOwners.Owners owners =
        metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE
            ? null
            : new KeyOwners.Owners(metadata.partition(), metadata.activeHost(), metadata.standbyHosts());
    Optional<LocalLags.Copy> copy =
        // A lag is a broker round trip (every 0.25 s at most): measured only where a standby may answer.
        maxStandbyLag >= 0 && owners != null && owners.standbys().contains(self())
            ? lags.of(owners.partition())
            : Optional.empty();
    KeyOwners.Route route =
        new KeyOwners(self(), maxStandbyLag)
            .route(owners, copy.map(c -> OptionalLong.of(c.lag())).orElse(OptionalLong.empty()), forwarded);
    if (route instanceof KeyOwners.Serve serve && !serve.active()) {
      return serve.onCopy(copy.orElseThrow().generation());
    }
    if (route instanceof KeyOwners.Forward forward && forward.fallback() != null) {
      return new KeyOwners.Forward(forward.targets(), forward.fallback().onCopy(copy.orElseThrow().generation()));
    }
    return route;
  }

  @Override
  public boolean stillFresh(KeyOwners.Serve serve, long readEndedNanos) {
    return serve.active()
        || lags.stillWithin(serve.partition(), new LocalLags.Copy(serve.lag(), serve.copyGeneration()), maxStandbyLag, readEndedNanos);
  }

  @Override
  public ActivityReader reader(KeyOwners.Serve serve) {
    return new InteractiveQueryReader(InteractiveQueryReader.running(streams), serve.partition(), serve.active());
  }

  @Override
  public List<Member> members() {
    return InteractiveQueryReader.running(streams).metadataForAllStreamsClients().stream()
        .map(client -> new Member(client.hostInfo(), partitions(client.topicPartitions()), partitions(client.standbyTopicPartitions())))
        .sorted(Comparator.comparing(Member::host, BY_ADDRESS))
        .toList();
  }

  @Override
  public List<Responses.AppSummary> localApps(Set<Integer> partitions, AppListing.Filter filter) {
    return InteractiveQueryReader.apps(InteractiveQueryReader.running(streams), partitions, filter);
  }

  @Override
  public Responses.Instance localInstance() {
    KafkaStreams instance = InteractiveQueryReader.running(streams);
    Set<Integer> active = new TreeSet<>();
    Set<Integer> standby = new TreeSet<>();
    for (ThreadMetadata thread : instance.metadataForLocalThreads()) {
      thread.activeTasks().forEach(task -> active.add(task.taskId().partition()));
      thread.standbyTasks().forEach(task -> standby.add(task.taskId().partition()));
    }
    return new Responses.Instance(
        address(self()), true, instance.state().name(), List.copyOf(active), List.copyOf(standby), lags.now());
  }

  static String address(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  /** The partitions of api-calls among a client's source partitions (one task per partition). */
  private static Set<Integer> partitions(Collection<TopicPartition> sources) {
    Set<Integer> partitions = new TreeSet<>();
    sources.stream()
        .filter(source -> source.topic().equals(Topics.API_CALLS.name()))
        .forEach(source -> partitions.add(source.partition()));
    return partitions;
  }
}
