package dev.graduation.streams.query;

import dev.graduation.streams.activity.ActivityReader;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/**
 * What the query API needs of the instances that share the application's state: who owns an app,
 * a reader over this instance's copy of a partition, and who else is there. {@link
 * KafkaStreamsCluster} answers from Kafka Streams; tests of the HTTP layer answer without Kafka.
 */
public interface Cluster {

  /**
   * An instance as Kafka Streams' metadata shows it.
   *
   * @param active partitions it has active tasks of
   * @param standby partitions it has standby tasks of
   */
  record Member(HostInfo host, Set<Integer> active, Set<Integer> standby) {}

  /** This instance's {@code application.server}. */
  HostInfo self();

  /** Where a query about {@code appId} is answered ({@link KeyOwners}). */
  KeyOwners.Route route(String appId, boolean forwarded);

  /**
   * Whether what was read from {@code serve}'s copy until {@code readEndedNanos} ({@link
   * System#nanoTime()}) may be answered: always for an active task; for a standby, when the copy
   * was not reset since its lag was measured and is still within the lag bound after the read.
   */
  boolean stillFresh(KeyOwners.Serve serve, long readEndedNanos);

  /** This instance's copy of a partition, as {@link KeyOwners} chose to read it. */
  ActivityReader reader(KeyOwners.Serve serve);

  /** Every instance of the application, this one included; 503 while that is not known. */
  List<Member> members();

  /**
   * The apps of {@code partitions} that pass the filter, at most {@code filter.limit() + 1}, in
   * appId order; 503 unless every one of those partitions is active and running here.
   */
  List<Responses.AppSummary> localApps(Set<Integer> partitions, AppListing.Filter filter);

  /** This instance as it sees itself, lags measured now. */
  Responses.Instance localInstance();
}
