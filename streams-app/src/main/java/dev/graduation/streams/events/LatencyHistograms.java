package dev.graduation.streams.events;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms as stored in buckets: HdrHistogram with two significant digits, values
 * clamped to one hour, in its compact V2 encoding (zero runs are run-length coded, so a bucket
 * with a handful of distinct latencies costs tens of bytes). Mergeable, so buckets add up.
 *
 * <p>Histograms auto-resize: a decoded histogram allocates counts only up to the largest latency
 * it holds, not up to an hour. Every call updates two buckets, so this is on the hot path (a
 * fixed one-hour range made decode + record + encode about three times as expensive).
 */
public final class LatencyHistograms {

  /** Latencies above this are clamped: the platform times out long before. */
  public static final long MAX_TRACKABLE_MS = 3_600_000L;

  private static final int SIGNIFICANT_DIGITS = 2;

  private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(16 * 1024));

  private LatencyHistograms() {}

  public static Histogram empty() {
    Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    histogram.setAutoResize(true);
    return histogram;
  }

  public static Histogram decode(ByteBuffer encoded) {
    if (encoded == null) {
      return empty();
    }
    try {
      Histogram histogram = Histogram.decodeFromByteBuffer(encoded.duplicate(), 0);
      histogram.setAutoResize(true);
      return histogram;
    } catch (RuntimeException e) {
      throw new IllegalStateException("Corrupt latency histogram in a bucket", e);
    }
  }

  public static ByteBuffer encode(Histogram histogram) {
    // Encoding needs room for every count uncompressed (kilobytes) for a result of tens of
    // bytes: a scratch buffer per thread, kept between calls, instead of one per bucket write.
    int needed = histogram.getNeededByteBufferCapacity();
    ByteBuffer scratch = SCRATCH.get();
    if (scratch.capacity() < needed) {
      scratch = ByteBuffer.allocate(needed);
      SCRATCH.set(scratch);
    }
    scratch.clear();
    int length = histogram.encodeIntoByteBuffer(scratch);
    return ByteBuffer.wrap(Arrays.copyOf(scratch.array(), length));
  }

  public static void record(Histogram histogram, long latencyMs) {
    histogram.recordValue(Math.min(Math.max(latencyMs, 0), MAX_TRACKABLE_MS));
  }
}
