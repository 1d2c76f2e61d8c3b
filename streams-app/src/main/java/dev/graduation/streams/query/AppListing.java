package dev.graduation.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /v1/apps}: one page of every app of the application, whichever instance is asked.
 *
 * <p>Scatter-gather: each partition is asked of the one instance that runs its active task, with
 * the partitions named in the request, so that the instance refuses (503) rather than answers for
 * a partition it has just lost or leaves one out: a page either covers every partition exactly
 * once or is a 503. Each instance returns up to {@code limit + 1} apps after the cursor in appId
 * order; the first {@code limit} of the merge are the page, and the cursor is its last appId, so
 * every app shows up exactly once across the pages.
 */
public final class AppListing {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /**
   * What a page asks for.
   *
   * @param prefix appIds starting with it ("" for all)
   * @param eligible only apps with this verdict; null for both
   * @param after start strictly after this appId (from the cursor); null from the first
   * @param limit apps on the page, 1 to {@link #MAX_LIMIT}
   */
  public record Filter(String prefix, Boolean eligible, String after, int limit) {

    /** The smallest appId the page can hold (inclusive), null from the first. */
    String lowerBound() {
      if (after == null) {
        return prefix.isEmpty() ? null : prefix;
      }
      return after.compareTo(prefix) >= 0 ? after : prefix;
    }

    /** Whether an app at or past {@link #lowerBound()} is still within the prefix. */
    boolean inPrefix(String appId) {
      return appId.startsWith(prefix);
    }

    /** Whether an app within the prefix belongs on the page. */
    boolean accepts(String appId, boolean appEligible) {
      return (after == null || appId.compareTo(after) > 0) && (eligible == null || eligible == appEligible);
    }

    /** The same request as query parameters, for the other instances. */
    String queryString() {
      StringBuilder query = new StringBuilder("prefix=").append(encode(prefix)).append("&limit=").append(limit);
      if (eligible != null) {
        query.append("&eligible=").append(eligible);
      }
      if (after != null) {
        query.append("&cursor=").append(ListingCursor.after(after));
      }
      return query.toString();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cluster cluster;
  private final Forwarder forwarder;
  private final int partitions;

  /** @param partitions how many partitions the application's state has */
  public AppListing(Cluster cluster, Forwarder forwarder, int partitions) {
    this.cluster = cluster;
    this.forwarder = forwarder;
    this.partitions = partitions;
  }

  /** The page, gathered from every instance. */
  public Responses.AppsPage page(Filter filter, String authorization) throws InterruptedException {
    Map<HostInfo, Set<Integer>> owners = activeOwners(cluster.members(), partitions);
    Map<HostInfo, CompletableFuture<Forwarder.Reply>> asked = new LinkedHashMap<>();
    owners.forEach((host, owned) -> {
      if (!host.equals(cluster.self())) {
        String partitionList = owned.stream().map(String::valueOf).collect(Collectors.joining(","));
        asked.put(host, forwarder.get(host, "/v1/apps?" + filter.queryString() + "&partitions=" + partitionList, authorization));
      }
    });
    List<Responses.AppsPage> shards = new ArrayList<>();
    Set<Integer> mine = owners.get(cluster.self());
    if (mine != null) {
      shards.add(shard(cluster.localApps(mine, filter), filter.limit()));
    }
    for (Map.Entry<HostInfo, CompletableFuture<Forwarder.Reply>> shard : asked.entrySet()) {
      shards.add(remoteShard(shard.getKey(), shard.getValue()));
    }
    return merge(shards, filter.limit());
  }

  /**
   * This instance's share of a page another instance is gathering: the apps of {@code partitions}
   * (null: of every partition active here), cut to the limit.
   */
  public Responses.AppsPage localPage(Set<Integer> partitions, Filter filter) {
    Set<Integer> asked = partitions;
    if (asked == null) {
      asked = cluster.members().stream()
          .filter(member -> member.host().equals(cluster.self()))
          .findFirst()
          .map(Cluster.Member::active)
          .orElse(Set.of());
    }
    return shard(cluster.localApps(asked, filter), filter.limit());
  }

  /** The instance running each partition's active task; 503 if some partition has none. */
  static Map<HostInfo, Set<Integer>> activeOwners(List<Cluster.Member> members, int partitions) {
    Map<HostInfo, Set<Integer>> owners = new HashMap<>();
    Set<Integer> covered = new TreeSet<>();
    for (Cluster.Member member : members) {
      for (int partition : member.active()) {
        if (covered.add(partition)) {
          owners.computeIfAbsent(member.host(), host -> new TreeSet<>()).add(partition);
        }
      }
    }
    Set<Integer> missing = new TreeSet<>();
    for (int partition = 0; partition < partitions; partition++) {
      if (!covered.contains(partition)) {
        missing.add(partition);
      }
    }
    if (!missing.isEmpty()) {
      throw QueryException.unavailable("partitions " + missing + " have no active instance yet (rebalance)");
    }
    return owners;
  }

  /** Up to {@code limit + 1} apps in order -> the first {@code limit}, a cursor if there are more. */
  static Responses.AppsPage shard(List<Responses.AppSummary> apps, int limit) {
    return page(apps, limit, false);
  }

  /** The merge of every instance's share, in appId order. */
  static Responses.AppsPage merge(List<Responses.AppsPage> shards, int limit) {
    List<Responses.AppSummary> all = new ArrayList<>();
    boolean more = false;
    for (Responses.AppsPage shard : shards) {
      all.addAll(shard.apps());
      more |= shard.nextCursor() != null;
    }
    all.sort(Comparator.comparing(Responses.AppSummary::appId));
    return page(all, limit, more);
  }

  private static Responses.AppsPage page(List<Responses.AppSummary> sorted, int limit, boolean more) {
    if ((sorted.size() <= limit && !more) || sorted.isEmpty()) {
      return new Responses.AppsPage(List.copyOf(sorted), null);
    }
    List<Responses.AppSummary> page = List.copyOf(sorted.subList(0, Math.min(limit, sorted.size())));
    return new Responses.AppsPage(page, ListingCursor.after(page.get(page.size() - 1).appId()));
  }

  private static Responses.AppsPage remoteShard(HostInfo host, CompletableFuture<Forwarder.Reply> reply)
      throws InterruptedException {
    String instance = host.host() + ":" + host.port();
    try {
      Forwarder.Reply answer = reply.get();
      if (answer.status() != 200) {
        throw QueryException.unavailable("instance " + instance + " could not list its apps (HTTP " + answer.status() + ")");
      }
      return JSON.readValue(answer.body(), Responses.AppsPage.class);
    } catch (ExecutionException e) {
      throw QueryException.unavailable("instance " + instance + " does not answer");
    } catch (IOException e) {
      throw QueryException.unavailable("instance " + instance + " answered something other than a page of apps");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
