package dev.graduation.streams.events;

import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms as stored in buckets: HdrHistogram with two significant digits up to one
 * hour, in its compact V2 encoding (zero runs are run-length coded, so a bucket with a handful of
 * distinct latencies costs tens of bytes). Mergeable, so hour buckets add up to any window.
 */
public final class LatencyHistograms {

  /** Latencies above this are clamped: the platform times out long before. */
  public static final long MAX_TRACKABLE_MS = 3_600_000L;

  private static final int SIGNIFICANT_DIGITS = 2;

  private LatencyHistograms() {}

  public static Histogram empty() {
    return new Histogram(MAX_TRACKABLE_MS, SIGNIFICANT_DIGITS);
  }

  public static Histogram decode(ByteBuffer encoded) {
    if (encoded == null) {
      return empty();
    }
    try {
      return Histogram.decodeFromByteBuffer(encoded.duplicate(), MAX_TRACKABLE_MS);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Corrupt latency histogram in a bucket", e);
    }
  }

  public static ByteBuffer encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoByteBuffer(buffer);
    return ByteBuffer.wrap(buffer.array(), 0, length).slice();
  }

  public static void record(Histogram histogram, long latencyMs) {
    histogram.recordValue(Math.min(Math.max(latencyMs, 0), MAX_TRACKABLE_MS));
  }
}
