package dev.graduation.streams.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {

  private static Histogram roundTrip(Histogram histogram) {
    return LatencyHistograms.decode(LatencyHistograms.encode(histogram));
  }

  @Test
  void percentilesSurviveEncodingAndLaterLargerValuesStillFit() {
    Histogram histogram = LatencyHistograms.empty();
    for (long ms = 1; ms <= 100; ms++) {
      LatencyHistograms.record(histogram, ms);
    }
    Histogram decoded = roundTrip(histogram);
    assertThat(decoded.getTotalCount()).isEqualTo(100);
    assertThat(decoded.getValueAtPercentile(50)).isEqualTo(50);
    assertThat(decoded.getMaxValue()).isEqualTo(100);

    // A decoded histogram sized for 100 ms still takes a 45 s latency.
    LatencyHistograms.record(decoded, 45_000);
    Histogram again = roundTrip(decoded);
    assertThat(again.getTotalCount()).isEqualTo(101);
    assertThat(again.getMaxValue()).isBetween(44_800L, 45_200L);
  }

  @Test
  void latenciesAreClampedToAnHourAndNegativesToZero() {
    Histogram histogram = LatencyHistograms.empty();
    LatencyHistograms.record(histogram, 10 * LatencyHistograms.MAX_TRACKABLE_MS);
    LatencyHistograms.record(histogram, -5);
    Histogram decoded = roundTrip(histogram);
    assertThat(decoded.getMinValue()).isZero();
    assertThat(decoded.getMaxValue()).isBetween(3_590_000L, 3_610_000L);
  }

  @Test
  void histogramsMergeAcrossBuckets() {
    Histogram a = LatencyHistograms.empty();
    Histogram b = LatencyHistograms.empty();
    LatencyHistograms.record(a, 10);
    LatencyHistograms.record(b, 2_000);
    Histogram merged = roundTrip(a);
    merged.add(roundTrip(b));
    assertThat(merged.getTotalCount()).isEqualTo(2);
    assertThat(merged.getMaxValue()).isBetween(1_990L, 2_010L);
  }

  @Test
  void noLatencyDecodesToAnEmptyHistogram() {
    assertThat(LatencyHistograms.decode((ByteBuffer) null).getTotalCount()).isZero();
  }
}
