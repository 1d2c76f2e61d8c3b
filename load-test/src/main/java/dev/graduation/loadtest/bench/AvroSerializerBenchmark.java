package dev.graduation.loadtest.bench;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serializer;
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
 * Cost of writing one {@link ApiCallEvent} in the wire format, which ingest pays per event and
 * streams-app per changelog record (EnrichedCall, ActivityBucket, EligibilityChange go through the
 * same serializer).
 *
 * <ul>
 *   <li>{@code projectSerializer}: {@code Topics.API_CALLS.valueSerde(...).serializer()}, against
 *       the in-memory {@code mock://} registry;
 *   <li>{@code schemaToString}: {@code Schema.toString()} alone, which {@code
 *       SchemaRegistryClient.register} computes for every record to build its cache key;
 *   <li>{@code datumWriterBaseline}: the same bytes (magic byte, id, Avro body) with the schema id
 *       known in advance: what the serializer costs once the id is cached per subject.
 * </ul>
 *
 * <p>HOW TO RUN: see load-test/README.md; {@code java -jar
 * load-test/target/load-test-0.1.0-SNAPSHOT-benchmarks.jar AvroSerializerBenchmark -f 1 -wi 2 -w 2s
 * -i 3 -r 2s -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AvroSerializerBenchmark {

  private static final int EVENTS = 1024;

  private ApiCallEvent[] events;
  private Serializer<ApiCallEvent> serializer;
  private SpecificDatumWriter<ApiCallEvent> writer;
  private int cursor;

  @Setup
  public void setUp() {
    TrafficGenerator traffic = new TrafficGenerator(
        new TrafficGenerator.Settings(20261125L, 500, EVENTS, Instant.parse("2026-11-25T12:00:00Z"), Duration.ofHours(36)));
    events = new ApiCallEvent[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      events[i] = traffic.event(i);
    }
    serializer = Topics.API_CALLS.valueSerde(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://bench")).serializer();
    writer = new SpecificDatumWriter<>(ApiCallEvent.getClassSchema());
  }

  @Benchmark
  public byte[] projectSerializer() {
    return serializer.serialize(Topics.API_CALLS.name(), events[cursor++ & (EVENTS - 1)]);
  }

  @Benchmark
  public String schemaToString() {
    return ApiCallEvent.getClassSchema().toString();
  }

  @Benchmark
  public byte[] datumWriterBaseline() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(0);
    out.write(new byte[] {0, 0, 0, 1});
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    writer.write(events[cursor++ & (EVENTS - 1)], encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
