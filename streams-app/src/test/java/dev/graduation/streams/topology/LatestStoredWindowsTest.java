package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatestStoredWindowsTest {

  private final Map<String, Long> inStore = Map.of("a", 3_600_000L, "b", LatestStoredWindows.NONE);
  private final List<String> reads = new ArrayList<>();
  private final LatestStoredWindows latest = new LatestStoredWindows(appId -> {
    reads.add(appId);
    return inStore.get(appId);
  });

  @Test
  void theStoreIsReadOncePerAppAndWindowsUpToItsLatestMayBeThere() {
    assertThat(latest.mayHold("a", 3_600_000L)).isTrue();
    assertThat(latest.mayHold("a", 0L)).isTrue();
    assertThat(latest.mayHold("a", 7_200_000L)).isFalse();
    assertThat(latest.mayHold("b", 0L)).as("nothing stored").isFalse();
    assertThat(reads).containsExactly("a", "b");
  }

  @Test
  void writesMoveTheLatestWindowForward() {
    latest.mayHold("a", 0L);
    latest.written("a", 7_200_000L);
    latest.written("a", 0L);

    assertThat(latest.mayHold("a", 7_200_000L)).isTrue();
    assertThat(latest.mayHold("a", 10_800_000L)).isFalse();
    assertThat(reads).containsExactly("a");
  }

  @Test
  void aWriteForAnAppNotReadYetLeavesItToTheStore() {
    latest.written("b", 7_200_000L);

    assertThat(latest.mayHold("b", 7_200_000L)).as("the store says").isFalse();
    assertThat(reads).containsExactly("b");
  }

  @Test
  void clearingForgetsWhatWasRead() {
    latest.mayHold("a", 0L);
    latest.clear();
    latest.mayHold("a", 0L);

    assertThat(reads).containsExactly("a", "a");
  }
}
