package dev.graduation.loadtest.bench;

import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.events.ActivityBucket;
import dev.graduation.streams.events.ActivityBuckets;
import dev.graduation.streams.events.CallEnricher;
import dev.graduation.streams.events.EnrichedCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one update of an hour or day bucket, which the topology pays twice per call (the hourly
 * and the daily aggregate).
 *
 * <ul>
 *   <li>{@code addWithLatency}: {@link ActivityBuckets#add} of a call that has a latency: the
 *       bucket's HdrHistogram is decoded, recorded into and re-encoded;
 *   <li>{@code addWithoutLatencyBaseline}: the same calls without latency: counters and maps only;
 *   <li>{@code updateThroughAvroBytes}: what a cached window store does per update: read the
 *       bucket from Avro bytes, add, write it back (Avro datum reader/writer, no registry).
 * </ul>
 *
 * <p>HOW TO RUN: see load-test/README.md; {@code java -jar
 * load-test/target/load-test-0.1.0-SNAPSHOT-benchmarks.jar ActivityBucketBenchmark -f 1 -wi 2 -w 2s
 * -i 3 -r 2s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ActivityBucketBenchmark {

  private static final int CALLS = 1024;

  private EnrichedCall[] withLatency;
  private EnrichedCall[] withoutLatency;
  private ActivityBucket bucket;
  private ActivityBucket bucketWithoutLatency;
  private byte[] bucketBytes;
  private SpecificDatumReader<ActivityBucket> reader;
  private SpecificDatumWriter<ActivityBucket> writer;
  private int cursor;

  @Setup
  public void setUp() throws IOException {
    TrafficGenerator traffic = new TrafficGenerator(
        new TrafficGenerator.Settings(20261125L, 500, CALLS, Instant.parse("2026-11-25T12:00:00Z"), Duration.ofHours(36)));
    CallEnricher enricher = new CallEnricher(EndpointCatalog.load());
    withLatency = new EnrichedCall[CALLS];
    withoutLatency = new EnrichedCall[CALLS];
    for (int i = 0; i < CALLS; i++) {
      EnrichedCall call = enricher.enrich(traffic.event(i));
      if (call.getLatencyMs() == null) {
        call.setLatencyMs(60L);
      }
      withLatency[i] = call;
      withoutLatency[i] = EnrichedCall.newBuilder(call).setLatencyMs(null).build();
    }
    bucket = ActivityBuckets.empty();
    bucketWithoutLatency = ActivityBuckets.empty();
    // A bucket that has seen a busy hour: every endpoint, a filled histogram.
    for (EnrichedCall call : withLatency) {
      ActivityBuckets.add(bucket, call);
    }
    reader = new SpecificDatumReader<>(ActivityBucket.getClassSchema());
    writer = new SpecificDatumWriter<>(ActivityBucket.getClassSchema());
    bucketBytes = encode(bucket);
  }

  @Benchmark
  public ActivityBucket addWithLatency() {
    return ActivityBuckets.add(bucket, withLatency[cursor++ & (CALLS - 1)]);
  }

  @Benchmark
  public ActivityBucket addWithoutLatencyBaseline() {
    return ActivityBuckets.add(bucketWithoutLatency, withoutLatency[cursor++ & (CALLS - 1)]);
  }

  @Benchmark
  public byte[] updateThroughAvroBytes() throws IOException {
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bucketBytes, null);
    ActivityBucket read = reader.read(null, decoder);
    return encode(ActivityBuckets.add(read, withLatency[cursor++ & (CALLS - 1)]));
  }

  private byte[] encode(ActivityBucket value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(value, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
