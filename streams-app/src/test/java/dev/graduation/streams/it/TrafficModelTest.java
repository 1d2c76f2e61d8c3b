package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.streams.it.TrafficModel.Call;
import dev.graduation.streams.it.TrafficModel.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle test's generator keeps its promises for any seed and any evaluation instant (midnight
 * and the last second of a day included), without a broker: every design holds according to the
 * oracle, and every copy is sent while the dedup horizon still covers its first copy.
 */
class TrafficModelTest {

  @ParameterizedTest
  @CsvSource({
    "20261123, 2026-11-25T17:42:37Z",
    "1, 2026-03-01T00:00:00Z",
    "2, 2026-03-01T00:00:01Z",
    "3, 2026-03-01T23:59:59Z",
    "4, 2026-07-15T01:00:00Z",
    "5, 2026-07-15T12:30:30Z",
    "6, 2027-01-01T00:59:59Z",
  })
  void designsHoldAndCopiesStayWithinTheDedupHorizon(long seed, Instant at) {
    Traffic traffic = TrafficModel.generate(seed, at);
    Map<String, Oracle.Expected> expected = Oracle.expectAll(traffic);

    assertThat(Oracle.brokenDesigns(traffic, expected)).isEmpty();
    assertThat(traffic.stats().get("events")).isGreaterThanOrEqualTo(20_000);
    assertThat(traffic.stats().get("duplicates")).isGreaterThanOrEqualTo(traffic.stats().get("events") * 4 / 100);
    assertThat(expected.values().stream().filter(Oracle.Expected::eligible).count()).isGreaterThanOrEqualTo(10);
    assertThat(traffic.originals()).allSatisfy(call -> assertThat(call.timestamp())
        .isBetween(at.minus(TrafficModel.HISTORY), at.plus(TrafficModel.FUTURE)));

    // Replays stream time per partition as Kafka Streams sees it; each copy must find the first
    // copy's record (stored under the stream time at which it was processed) within 1 hour.
    long[] streamTime = new long[TrafficModel.PARTITIONS];
    Arrays.fill(streamTime, Long.MIN_VALUE);
    Map<String, Long> firstSeenAt = new HashMap<>();
    for (Call call : traffic.sendOrder()) {
      int p = TrafficModel.partition(call.appId());
      streamTime[p] = Math.max(streamTime[p], call.timestamp().toEpochMilli());
      Long first = firstSeenAt.putIfAbsent(call.eventId(), streamTime[p]);
      if (first != null) {
        assertThat(streamTime[p] - first).as("copy of %s", call.eventId())
            .isLessThanOrEqualTo(TrafficModel.DUPLICATE_REACH.toMillis())
            .isLessThan(Duration.ofHours(1).toMillis());
      }
    }
    assertThat(firstSeenAt).hasSize(traffic.originals().size());
    List<Call> deduplicated = Oracle.dedup(traffic.sendOrder());
    assertThat(deduplicated).hasSameSizeAs(traffic.originals());
    assertThat(new HashSet<>(deduplicated)).isEqualTo(new HashSet<>(traffic.originals()));
  }
}
