package dev.graduation.streams.query;

import dev.graduation.streams.activity.ActivityReader;
import dev.graduation.streams.topology.GraduationTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * The state of a KafkaStreams that runs every partition itself (a replay), read through the same
 * interactive queries as the query API: a reader per app, and every app with a verdict.
 */
public final class LocalState {

  private final KafkaStreams streams;
  private final int partitions;

  /** @param partitions how many partitions the state has (those of api-calls) */
  public LocalState(KafkaStreams streams, int partitions) {
    this.streams = streams;
    this.partitions = partitions;
  }

  /** A reader of {@code appId}'s partition, active tasks only. */
  public ActivityReader reader(String appId) {
    KeyQueryMetadata metadata =
        streams.queryMetadataForKey(GraduationTopology.HOURLY_STORE, appId, new StringSerializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      throw QueryException.unavailable("no partition of app " + appId + " is known yet (rebalance)");
    }
    return new InteractiveQueryReader(streams, metadata.partition(), true);
  }

  /** Every app with a verdict, in appId order. */
  public List<String> appIds() {
    Set<Integer> all = new TreeSet<>();
    for (int partition = 0; partition < partitions; partition++) {
      all.add(partition);
    }
    List<String> apps = new ArrayList<>();
    String after = null;
    while (true) {
      List<Responses.AppSummary> page =
          InteractiveQueryReader.apps(streams, all, new AppListing.Filter("", null, after, AppListing.MAX_LIMIT));
      page.stream().limit(AppListing.MAX_LIMIT).forEach(app -> apps.add(app.appId()));
      if (page.size() <= AppListing.MAX_LIMIT) {
        return apps;
      }
      after = page.get(AppListing.MAX_LIMIT - 1).appId();
    }
  }
}
