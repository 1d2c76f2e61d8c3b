package dev.graduation.streams.topology;

import dev.graduation.streams.events.EventUuids;
import dev.graduation.streams.events.ReceivedCall;
import it.unimi.dsi.fastutil.HashCommon;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.MurmurHash3;
import org.apache.commons.collections4.bloomfilter.EnhancedDoubleHasher;
import org.apache.commons.collections4.bloomfilter.Hasher;
import org.apache.commons.collections4.bloomfilter.Shape;
import org.apache.commons.collections4.bloomfilter.SimpleBloomFilter;

/**
 * The eventIds of one app hour that are older than dedup's exact window ({@link HourEventIds}), in
 * a Bloom filter (Apache Commons Collections): 2-4 bytes per id where the exact maps of {@link
 * SeenEventIds} take ~56. It answers "no" (final: a Bloom filter has no false negatives) or
 * "maybe", which the caller confirms against the hour's stored calls.
 *
 * <p>Its size is fixed when it is made, for {@link #capacity} ids; a filter that would go past
 * it is replaced by one made from the hour's calls ({@link HourEventIds#moveBefore}). Its false
 * positive rate falls as its capacity grows, {@code min(1/1000, 1/capacity)}: a "maybe" reads the
 * app hour back, up to {@code capacity} calls, so a probe costs at most about one decoded call on
 * average however busy the hour, and a quiet hour's "maybe" (a RocksDB read) stays rare. That is
 * ~14 bits per id of capacity at 1,000 ids and ~29 at a million (measured per call, with the
 * objects around the bits: BENCHMARKS.md). A fixed 2 bytes per id (1 in 2,000) would make each
 * probe of a million-call hour decode ~500 calls.
 *
 * <p>Why Commons Collections rather than Guava's filter: it takes the hash as two longs, and a
 * canonical UUID's 128 bits only need mixing ({@link HashCommon#murmurHash3(long)}), where Guava
 * hashes the bytes again for every filter probed, with allocations: ~20 ns against ~50 ns per
 * probe measured, and dedup probes two or three hours per call. Other ids are hashed once with
 * MurmurHash3's 128-bit variant (Commons Codec).
 */
final class EventIdFilter {

  /** The fewest ids a filter is made for: most app hours are quiet. */
  static final int MIN_CAPACITY = 16;
  /**
   * The most ids a filter is made for, 16.7 million (an app hour at 4,600 calls/s; 70 MB of bits):
   * past it the false positive rate rises instead (Commons Collections' filters have at most 2^31
   * bits).
   */
  private static final int MAX_CAPACITY = 1 << 24;
  private static final double MAX_FALSE_POSITIVE_RATE = 1e-3;
  /** By log2 of the capacity: every capacity is a power of two, and a shape is immutable. */
  private static final Shape[] SHAPES = new Shape[Integer.SIZE];

  static {
    for (int bits = Integer.numberOfTrailingZeros(MIN_CAPACITY); bits <= Integer.numberOfTrailingZeros(MAX_CAPACITY); bits++) {
      int capacity = 1 << bits;
      SHAPES[bits] = Shape.fromNP(capacity, Math.min(MAX_FALSE_POSITIVE_RATE, 1.0 / capacity));
    }
  }

  private final SimpleBloomFilter bits;
  private final int capacity;
  /** Ids added, counting an id added twice twice: at least the distinct ids it holds. */
  private int added;

  private EventIdFilter(Shape shape, int capacity) {
    this.bits = new SimpleBloomFilter(shape);
    this.capacity = capacity;
  }

  /**
   * A filter with room for {@code ids} ids, rounded up to a power of two (at least {@link
   * #MIN_CAPACITY}): an hour that goes on growing gets a filter twice as big at the next move
   * past it (each of its calls is read back about twice in all), one that is over keeps a filter
   * 50-100 % full. Room for as many again from the start doubled the bytes of every hour.
   */
  static EventIdFilter withRoomFor(int ids) {
    int capacity = (int) Math.min(MAX_CAPACITY, HashCommon.nextPowerOfTwo(Math.max(MIN_CAPACITY, (long) ids)));
    return new EventIdFilter(SHAPES[Integer.numberOfTrailingZeros(capacity)], capacity);
  }

  /**
   * For tests: one bit, so every id is a "maybe" once any was added (a false positive for all
   * the others), and room for any number of ids.
   */
  static EventIdFilter ofOneBit() {
    return new EventIdFilter(Shape.fromKM(1, 1), Integer.MAX_VALUE);
  }

  /** Whether {@code ids} more ids fit without the false positive rate rising past its bound (always, at the largest capacity). */
  boolean hasRoomFor(int ids) {
    return (long) added + ids <= capacity || capacity >= MAX_CAPACITY;
  }

  int capacity() {
    return capacity;
  }

  /** Heap bytes of the bits (the objects around them add ~80). */
  long bitBytes() {
    return (long) bits.getShape().getNumberOfBits() / Byte.SIZE;
  }

  /** False: {@code call}'s eventId was never added. True: it may have been. */
  boolean mightContain(ReceivedCall call) {
    return bits.contains(hasher(call));
  }

  void add(ReceivedCall call) {
    add(hasher(call));
  }

  void addUuid(long high, long low) {
    add(uuidHasher(high, low));
  }

  /** An id kept as text: also a UUID whose first 64 bits another id of the hour had ({@link SeenEventIds}). */
  void addText(String eventId) {
    long[] uuid = EventUuids.bits(eventId);
    add(uuid != null ? uuidHasher(uuid[0], uuid[1]) : textHasher(eventId));
  }

  private void add(Hasher hasher) {
    bits.merge(hasher);
    added++;
  }

  private static Hasher hasher(ReceivedCall call) {
    return call.uuidEventId()
        ? uuidHasher(call.eventIdHigh(), call.eventIdLow())
        : textHasher(call.call().getEventId());
  }

  /**
   * Both longs mixed from both halves: UUIDs need not be random (time-based versions, sequential
   * ids sharing their first half), and a first index shared by many ids is a bit always set.
   */
  private static Hasher uuidHasher(long high, long low) {
    long initial = HashCommon.murmurHash3(high ^ HashCommon.murmurHash3(low));
    return new EnhancedDoubleHasher(initial, HashCommon.murmurHash3(low ^ initial));
  }

  private static Hasher textHasher(String eventId) {
    long[] hash = MurmurHash3.hash128x64(eventId.getBytes(StandardCharsets.UTF_8));
    return new EnhancedDoubleHasher(hash[0], hash[1]);
  }
}
