package dev.graduation.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;

/**
 * What a Kafka Streams application wrote to its changelog topics, per store, as the broker's log
 * directories hold it: the state a crash or a new instance restores, and what the broker had to
 * take on top of the input. Read right after a run, before compaction could shrink it.
 */
public final class ChangelogBytes {

  private ChangelogBytes() {}

  /** Bytes per store (the changelog topic's name between the application id and "-changelog"). */
  public static Map<String, Long> perStore(String bootstrap, String applicationId) {
    String prefix = applicationId + "-";
    String suffix = "-changelog";
    Map<String, Long> perStore = new TreeMap<>();
    try (Admin admin = StreamsCatchUp.admin(bootstrap)) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
      admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(dir ->
          dir.replicaInfos().forEach((partition, replica) -> {
            String topic = partition.topic();
            if (topic.startsWith(prefix) && topic.endsWith(suffix)) {
              perStore.merge(topic.substring(prefix.length(), topic.length() - suffix.length()), replica.size(), Long::sum);
            }
          })));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot describe the broker's log dirs", e.getCause());
    }
    return perStore;
  }

  /** "name: N bytes per event in changelogs (store a, store b ...)". */
  public static String describe(String name, Map<String, Long> perStore, long events) {
    StringBuilder line = new StringBuilder();
    long total = perStore.values().stream().mapToLong(Long::longValue).sum();
    line.append(String.format(Locale.ROOT, "%-44s %8.1f bytes/event in changelogs (", name + " changelogs", (double) total / events));
    perStore.forEach((store, bytes) ->
        line.append(String.format(Locale.ROOT, "%s %.1f, ", store, (double) bytes / events)));
    if (!perStore.isEmpty()) {
      line.setLength(line.length() - 2);
    }
    return line.append(')').toString();
  }
}
