package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A lag figure speaks for the copy it was measured on. Seen failing (wrong counts served by a
 * standby that had been wiped and was rebuilding, {@code ScaleOutIntegrationTest}) when a figure
 * was reused for 250 ms whatever happened to the copy meanwhile.
 */
class LocalLagsTest {

  private static final TopicPartition CHANGELOG = new TopicPartition("app-activity-hourly-changelog", 3);

  private final AtomicReference<Map<Integer, Long>> broker = new AtomicReference<>(Map.of(3, 5L));
  private final AtomicInteger measurements = new AtomicInteger();
  private final StandbyResets resets = new StandbyResets();
  private final LocalLags lags =
      new LocalLags(() -> {
        measurements.incrementAndGet();
        return broker.get();
      }, resets);

  @Test
  void aFigureIsReusedWhileTheCopyIsTheSame() {
    assertThat(lags.of(3)).contains(new LocalLags.Copy(5, 0));
    broker.set(Map.of(3, 7L));
    assertThat(lags.of(3)).contains(new LocalLags.Copy(5, 0));
    assertThat(measurements).hasValue(1);
  }

  @Test
  void aCopyResetSinceItsFigureIsMeasuredAgain() {
    assertThat(lags.of(3)).contains(new LocalLags.Copy(5, 0));
    resets.onUpdateStart(CHANGELOG, "app-activity-hourly", 0);
    broker.set(Map.of(3, 40_000L));

    assertThat(lags.of(3)).contains(new LocalLags.Copy(40_000, 1));
    assertThat(measurements).hasValue(2);
  }

  @Test
  void aReadIsAnsweredOnlyIfTheCopyWasNotResetAndIsStillWithinTheBoundAfterIt() {
    LocalLags.Copy before = lags.of(3).orElseThrow();
    assertThat(lags.stillWithin(3, before, 100, System.nanoTime())).isTrue();
    assertThat(measurements).as("a measurement started after the read").hasValue(2);

    broker.set(Map.of(3, 101L));
    assertThat(lags.stillWithin(3, before, 100, System.nanoTime())).as("fell behind").isFalse();

    broker.set(Map.of(3, 0L));
    resets.onUpdateSuspended(CHANGELOG, "app-activity-hourly", 10, 10, org.apache.kafka.streams.processor.StandbyUpdateListener.SuspendReason.MIGRATED);
    assertThat(lags.stillWithin(3, before, 100, System.nanoTime())).as("reset while read").isFalse();

    broker.set(Map.of());
    assertThat(lags.of(3)).as("no copy here any more").isEqualTo(Optional.empty());
  }

  @Test
  void aBrokerThatDoesNotAnswerLeavesNoCopyKnownFresh() {
    LocalLags failing = new LocalLags(() -> {
      throw new IllegalStateException("not running");
    }, resets);
    assertThat(failing.of(3)).isEmpty();
  }
}
