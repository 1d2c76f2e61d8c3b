package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * Paging of {@code GET /v1/apps} without Kafka: which instance is asked for which partitions, the
 * merge of their shares, and that walking the cursors shows every app exactly once. Seen failing
 * with the shards' "more" ignored in the merge (the walk stopped after the first page whenever
 * one instance held most apps) and with the cursor taken from the last app of the merge instead
 * of the page (apps skipped between pages).
 */
class AppListingTest {

  private static final HostInfo A = new HostInfo("a", 1);
  private static final HostInfo B = new HostInfo("b", 1);

  @Test
  void eachPartitionIsAskedOfItsOneActiveInstance() {
    List<Cluster.Member> members =
        List.of(new Cluster.Member(A, Set.of(0, 2), Set.of(1)), new Cluster.Member(B, Set.of(1, 3), Set.of(0, 2)));

    assertThat(AppListing.activeOwners(members, 4)).isEqualTo(Map.of(A, Set.of(0, 2), B, Set.of(1, 3)));
  }

  @Test
  void aPartitionWithoutAnActiveInstanceMakesThePageA503() {
    List<Cluster.Member> members = List.of(new Cluster.Member(A, Set.of(0), Set.of(1, 2)));

    assertThatThrownBy(() -> AppListing.activeOwners(members, 3))
        .isInstanceOfSatisfying(QueryException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.getMessage()).isEqualTo("partitions [1, 2] have no active instance yet (rebalance)");
        });
  }

  @Test
  void walkingTheCursorsShowsEveryAppOnceInOrderWhateverTheSplit() {
    // 100 apps over three instances, unevenly: the first 60 spread, the last 40 all on one, so
    // that for the last pages one instance alone has more.
    List<TreeSet<String>> instances = List.of(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
    for (int i = 0; i < 100; i++) {
      instances.get(i < 60 ? i % 3 : 0).add(String.format("app-%03d", i));
    }
    for (int limit : new int[] {1, 7, 37, 99, 100, 500}) {
      List<String> seen = new ArrayList<>();
      String after = null;
      int pages = 0;
      do {
        AppListing.Filter filter = new AppListing.Filter("", null, after, limit);
        List<Responses.AppsPage> shards = new ArrayList<>();
        for (TreeSet<String> apps : instances) {
          shards.add(AppListing.shard(share(apps, filter), limit));
        }
        Responses.AppsPage page = AppListing.merge(shards, limit);
        page.apps().forEach(app -> seen.add(app.appId()));
        assertThat(page.apps()).hasSizeLessThanOrEqualTo(limit);
        after = page.nextCursor() == null ? null : ListingCursor.appId(page.nextCursor());
        pages++;
      } while (after != null);
      List<String> all = new ArrayList<>();
      instances.forEach(all::addAll);
      all.sort(null);
      assertThat(seen).as("limit %d", limit).isEqualTo(all);
      assertThat(pages).as("pages at limit %d", limit).isEqualTo(Math.max(1, (100 + limit - 1) / limit));
    }
  }

  @Test
  void theFilterKeepsThePrefixTheVerdictAndStartsAfterTheCursor() {
    AppListing.Filter filter = new AppListing.Filter("shop", true, "shop-b", 10);

    assertThat(filter.lowerBound()).isEqualTo("shop-b");
    assertThat(filter.inPrefix("shop-c")).isTrue();
    assertThat(filter.inPrefix("shoq")).isFalse();
    assertThat(filter.accepts("shop-b", true)).isFalse();
    assertThat(filter.accepts("shop-c", true)).isTrue();
    assertThat(filter.accepts("shop-c", false)).isFalse();
    // A cursor before the prefix starts at the prefix.
    assertThat(new AppListing.Filter("shop", null, "abc", 10).lowerBound()).isEqualTo("shop");
    assertThat(new AppListing.Filter("", null, null, 10).lowerBound()).isNull();
    assertThat(new AppListing.Filter("shop", true, "shop-b", 10).queryString())
        .isEqualTo("prefix=shop&limit=10&eligible=true&cursor=" + ListingCursor.after("shop-b"));
  }

  /** What an instance answers: its apps past the filter's start, at most limit + 1. */
  private static List<Responses.AppSummary> share(TreeSet<String> apps, AppListing.Filter filter) {
    List<Responses.AppSummary> share = new ArrayList<>();
    for (String app : filter.lowerBound() == null ? apps : apps.tailSet(filter.lowerBound(), true)) {
      if (share.size() > filter.limit()) {
        break;
      }
      if (filter.accepts(app, true)) {
        share.add(new Responses.AppSummary(app, true, List.of(), "2026-01-05T00:00:00Z"));
      }
    }
    return share;
  }
}
