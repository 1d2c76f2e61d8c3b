package dev.graduation.streams.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.SpecificAvroSerde;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;
import dev.graduation.streams.catalog.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * A bucket names endpoints within {@link ActivityBuckets#ENDPOINT_BUDGET_BYTES}, so that an app
 * calling thousands of distinct unknown paths cannot grow one bucket past {@link
 * StoredValueLimit#BYTES}; totals stay exact, and so does every endpoint of the catalog.
 *
 * <p>Seen failing: without the budget (endpoints counted as before), the hostile hour encoded to
 * 15,080,109 bytes and the day to 361,160,083 (and the test took 852 s instead of ~20).
 */
class ActivityBucketBoundTest {

  private static final long HOUR = 1_790_000_000_000L - 1_790_000_000_000L % 3_600_000L;
  private static final String OTHER = "* " + ActivityBuckets.OTHER_ENDPOINTS_TEMPLATE;

  private final Serializer<ActivityBucket> serializer = SpecificAvroSerde.<ActivityBucket>configured(
          ActivityBucket.getClassSchema(), Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID()), false)
      .serializer();
  private final EndpointCatalog catalog = EndpointCatalog.load();

  @Test
  void everyCatalogEndpointIsNamedAndThousandsOfLongUnknownOnesStayWithinTheBound() {
    ActivityBucket hour = ActivityBuckets.empty();
    List<EnrichedCall> calls = hostileHour(0);
    calls.forEach(call -> ActivityBuckets.add(hour, call));

    assertThat(serializer.serialize("changelog", hour).length).isLessThanOrEqualTo(StoredValueLimit.BYTES);
    long apiCalls = calls.stream().filter(call -> !call.getOauth()).count();
    assertThat(hour.getCalls()).isEqualTo(apiCalls);
    assertThat(hour.getEndpoints().values().stream().mapToLong(CallCounts::getCalls).sum()).isEqualTo(apiCalls);
    for (Operation operation : catalog.operations()) {
      if (!operation.oauth()) {
        assertThat(hour.getEndpoints().get(EndpointMatch.key(operation.method(), operation.template())))
            .as("%s %s", operation.method(), operation.template())
            .isEqualTo(new CallCounts(1L, 1L));
      }
    }
    assertThat(hour.getEndpoints()).containsKey(OTHER);
    assertThat(hour.getEndpoints().get(OTHER).getCalls()).isGreaterThan(4_000);
  }

  /** A day is the sum of its hours, each at the budget with other unknown paths: it stays within it too. */
  @Test
  void aDayOfSuchHoursStaysWithinTheBoundWithExactTotals() {
    List<ActivityBucket> hours = new ArrayList<>();
    long calls = 0;
    for (int h = 0; h < 24; h++) {
      ActivityBucket hour = ActivityBuckets.empty();
      for (EnrichedCall call : hostileHour(h)) {
        ActivityBuckets.add(hour, call);
      }
      calls += hour.getCalls();
      hours.add(hour);
    }

    ActivityBucket day = ActivityBuckets.sum(hours);

    assertThat(serializer.serialize("changelog", day).length).isLessThanOrEqualTo(StoredValueLimit.BYTES);
    assertThat(day.getCalls()).isEqualTo(calls);
    assertThat(day.getEndpoints().values().stream().mapToLong(CallCounts::getCalls).sum()).isEqualTo(calls);
  }

  /**
   * One call to every catalog operation (every endpoint and permission of the catalog), then
   * 5,000 calls to distinct unknown paths of 2,000 characters with non-ASCII ones among them, at
   * latencies spread over the whole histogram range.
   */
  private List<EnrichedCall> hostileHour(int salt) {
    List<EnrichedCall> calls = new ArrayList<>();
    int i = 0;
    for (Operation operation : catalog.operations()) {
      calls.add(new EnrichedCall("e-" + i, HOUR + i, operation.method(), operation.template(), operation.permission(),
          operation.oauth(), false, 200, (long) i * 6_947 % LatencyHistograms.MAX_TRACKABLE_MS, "production"));
      i++;
    }
    for (int u = 0; u < 5_000; u++, i++) {
      String path = "/unknown-" + salt + "/" + (u % 2 == 0 ? "\u00e9" : "u").repeat(1_990) + "/" + u;
      calls.add(new EnrichedCall("e-" + i, HOUR + i, "GET", path, null, false, false, u % 3 == 0 ? 404 : 200,
          (long) i * 7_919 % LatencyHistograms.MAX_TRACKABLE_MS, "sandbox"));
    }
    return calls;
  }
}
