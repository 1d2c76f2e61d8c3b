package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.streams.events.EnrichedCall;
import dev.graduation.streams.events.ReceivedCall;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeenEventIdsTest {

  private final SeenEventIds seen = new SeenEventIds();

  @Test
  void anIdNotSeenIsNone() {
    assertThat(seen.firstSeenAt(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))).isEqualTo(SeenEventIds.NONE);
    assertThat(seen.firstSeenAt(call("e-1"))).isEqualTo(SeenEventIds.NONE);
  }

  @Test
  void uuidsAndOtherIdsAreFoundWithTheirTimes() {
    seen.add(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), 1_000L);
    seen.add(call("e-1"), 2_000L);

    assertThat(seen.firstSeenAt(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))).isEqualTo(1_000L);
    assertThat(seen.firstSeenAt(call("e-1"))).isEqualTo(2_000L);
    assertThat(seen.firstSeenAt(call("3F2504E0-4F89-11D3-9A0C-0305E82C3301"))).as("another id").isEqualTo(SeenEventIds.NONE);
  }

  @Test
  void uuidsSharingTheirFirstSixtyFourBitsStayApart() {
    String first = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    String sameHigh = "3f2504e0-4f89-11d3-0000-000000000001";
    String sameHighToo = "3f2504e0-4f89-11d3-0000-000000000002";
    seen.add(call(first), 1_000L);
    assertThat(seen.firstSeenAt(call(sameHigh))).isEqualTo(SeenEventIds.NONE);

    seen.add(call(sameHigh), 2_000L);
    seen.add(call(sameHighToo), 3_000L);

    assertThat(seen.firstSeenAt(call(first))).isEqualTo(1_000L);
    assertThat(seen.firstSeenAt(call(sameHigh))).isEqualTo(2_000L);
    assertThat(seen.firstSeenAt(call(sameHighToo))).isEqualTo(3_000L);
    assertThat(seen.firstSeenAt(call("3f2504e0-4f89-11d3-0000-000000000003"))).isEqualTo(SeenEventIds.NONE);
  }

  @Test
  void addingAnIdAgainReplacesItsTime() {
    seen.add(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), 1_000L);
    seen.add(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), 5_000L);
    seen.add(call("3f2504e0-4f89-11d3-0000-000000000001"), 1_000L);
    seen.add(call("3f2504e0-4f89-11d3-0000-000000000001"), 6_000L);

    assertThat(seen.firstSeenAt(call("3f2504e0-4f89-11d3-9a0c-0305e82c3301"))).isEqualTo(5_000L);
    assertThat(seen.firstSeenAt(call("3f2504e0-4f89-11d3-0000-000000000001"))).isEqualTo(6_000L);
  }

  /** Against a HashMap of the ids as text, with few distinct first halves so they collide often. */
  @Test
  void answersWhatAMapOfTheTextsAnswers() {
    SplittableRandom random = new SplittableRandom(11);
    Map<String, Long> oracle = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String id = switch (random.nextInt(3)) {
        case 0 -> new UUID(random.nextInt(50), random.nextInt(200)).toString();
        case 1 -> new UUID(random.nextInt(50), random.nextInt(200)).toString().toUpperCase();
        default -> "e-" + random.nextInt(300);
      };
      long expected = oracle.getOrDefault(id, SeenEventIds.NONE);
      assertThat(seen.firstSeenAt(call(id))).as(id).isEqualTo(expected);
      if (random.nextBoolean()) {
        long time = random.nextLong(1, 1_000_000);
        seen.add(call(id), time);
        oracle.put(id, time);
      }
    }
    assertThat(oracle).hasSizeGreaterThan(5_000);
  }

  /**
   * Seen failing with the comparison turned around (ids at the cutoff moved): "expected: 2 but was: 3"
   * for the count.
   */
  @Test
  void idsBeforeTheCutoffMoveToTheFilterTheOthersStayExact() {
    String old = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    String atCutoff = "3f2504e0-4f89-11d3-9a0c-0305e82c3302";
    seen.add(call(old), 1_000L);
    seen.add(call("e-1"), 1_999L);
    seen.add(call(atCutoff), 2_000L);
    seen.add(call("e-2"), 3_000L);
    EventIdFilter filter = EventIdFilter.withRoomFor(2);

    assertThat(seen.countBefore(2_000L)).isEqualTo(2);
    SeenEventIds rest = seen.moveBefore(2_000L, filter);

    assertThat(filter.mightContain(call(old))).isTrue();
    assertThat(filter.mightContain(call("e-1"))).isTrue();
    assertThat(rest.firstSeenAt(call(old))).isEqualTo(SeenEventIds.NONE);
    assertThat(rest.firstSeenAt(call("e-1"))).isEqualTo(SeenEventIds.NONE);
    assertThat(rest.firstSeenAt(call(atCutoff))).isEqualTo(2_000L);
    assertThat(rest.firstSeenAt(call("e-2"))).isEqualTo(3_000L);
    assertThat(rest.moveBefore(4_000L, filter)).as("nothing left").isNull();
    assertThat(filter.mightContain(call(atCutoff))).isTrue();
  }

  private static ReceivedCall call(String eventId) {
    return new ReceivedCall(
        new EnrichedCall(eventId, 0L, "GET", "/x", null, false, false, 200, null, "SANDBOX"), "GET /x");
  }
}
