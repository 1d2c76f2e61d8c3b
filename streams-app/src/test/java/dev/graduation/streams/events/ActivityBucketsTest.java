package dev.graduation.streams.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import org.junit.jupiter.api.Test;

class ActivityBucketsTest {

  @Test
  void anEmptyBucketIsTheSchemasDefaults() {
    ActivityBucket defaults =
        ActivityBucket.newBuilder().setEndpoints(new HashMap<>()).setPermissions(new HashMap<>()).build();

    assertThat(ActivityBuckets.empty()).isEqualTo(defaults);
  }

  @Test
  void emptyBucketsShareNothing() {
    ActivityBucket one = ActivityBuckets.empty();
    ActivityBucket other = ActivityBuckets.empty();

    ActivityBuckets.addCounts(one, call(), "GET /restapi/v1.0/account/{accountId}");

    assertThat(other).isEqualTo(ActivityBuckets.empty());
    assertThat(one.getEndpoints()).containsOnlyKeys("GET /restapi/v1.0/account/{accountId}");
  }

  private static EnrichedCall call() {
    return new EnrichedCall(
        "e-1", 1_790_000_000_000L, "GET", "/restapi/v1.0/account/{accountId}", "ReadAccounts", false, false, 200, 12L,
        "sandbox");
  }
}
