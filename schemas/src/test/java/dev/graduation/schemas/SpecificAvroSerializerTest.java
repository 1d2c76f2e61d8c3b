package dev.graduation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.EligibilityChange;
import dev.graduation.events.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The serializer's bytes against Avro's plain {@link SpecificDatumWriter} with a fresh direct
 * encoder per record (what the serializer wrote before it kept an encoder per thread and remembered
 * union branches), and its state after failures, large records and concurrent use.
 */
class SpecificAvroSerializerTest {

  private static final String TOPIC = "api-calls";

  /** An in-memory registry per scope: ids are assigned in registration order. */
  static Map<String, Object> config(String scope) {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, SchemaRegistryClient.MOCK_SCHEME + scope);
  }

  /** Magic byte, the id the registry gives the subject, Avro body: written the plain way. */
  static <T> byte[] plain(String scope, String topic, Schema schema, T record) throws IOException {
    int id = SchemaRegistryClient.forUrl(SchemaRegistryClient.MOCK_SCHEME + scope).register(WireFormat.subject(topic, false), schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new SpecificDatumWriter<T>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Seeded events covering both branches of both unions, both environments and long paths. */
  static List<ApiCallEvent> events(long seed, int count) {
    Random random = new Random(seed);
    List<ApiCallEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "/restapi/v1.0/account/~/extension/" + random.nextInt(1_000_000)
          + "/call-log?perPage=" + random.nextInt(1000) + "x".repeat(random.nextInt(3) == 0 ? random.nextInt(2000) : 0);
      events.add(
          new ApiCallEvent(
              "evt-" + seed + "-" + i + "-é✓",
              "app-" + random.nextInt(50),
              Instant.ofEpochMilli(1_790_000_000_000L + random.nextInt(1_000_000_000)),
              EventValidatorMethods.PICK[random.nextInt(EventValidatorMethods.PICK.length)],
              path,
              100 + random.nextInt(500),
              random.nextBoolean() ? null : (long) random.nextInt(Integer.MAX_VALUE) * random.nextInt(5),
              random.nextBoolean() ? Environment.sandbox : Environment.production,
              random.nextBoolean() ? null : Instant.ofEpochMilli(1_790_000_000_000L + random.nextInt(1_000_000))));
    }
    return events;
  }

  /** Not the validator's list (that lives in ingest): any strings do for the wire format. */
  private static final class EventValidatorMethods {
    static final String[] PICK = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  }

  @Test
  void writesTheSameBytesAsAPlainDatumWriter() throws IOException {
    SpecificAvroSerializer<ApiCallEvent> serializer =
        new SpecificAvroSerializer<>(ApiCallEvent.getClassSchema(), config("same-bytes"), false);
    List<ApiCallEvent> events = events(1, 2_000);

    for (ApiCallEvent event : events) {
      assertThat(serializer.serialize(TOPIC, event))
          .isEqualTo(plain("same-bytes", TOPIC, ApiCallEvent.getClassSchema(), event));
    }
    assertThat(events).extracting(ApiCallEvent::getLatencyMs).containsNull();
    assertThat(events).extracting(ApiCallEvent::getReceivedAt).containsNull();
    assertThat(events.stream().filter(e -> e.getLatencyMs() != null && e.getReceivedAt() != null)).isNotEmpty();
  }

  @Test
  void writesOtherRecordsAndTopicsAlike() throws IOException {
    SpecificAvroSerializer<AppRegistration> registrations =
        new SpecificAvroSerializer<>(AppRegistration.getClassSchema(), config("others"), false);
    SpecificAvroSerializer<EligibilityChange> changes =
        new SpecificAvroSerializer<>(EligibilityChange.getClassSchema(), config("others"), false);
    AppRegistration registration =
        new AppRegistration("app-1", "Call logger", "Downloads the call log.", List.of("ReadCallLog", "SMS"),
            Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-22T09:30:00Z"));

    for (String topic : List.of("app-registrations", "another-topic")) {
      assertThat(registrations.serialize(topic, registration))
          .isEqualTo(plain("others", topic, AppRegistration.getClassSchema(), registration));
    }
    for (Boolean previous : Arrays.asList(null, true, false, null)) {
      EligibilityChange change =
          new EligibilityChange("app-1", true, previous, List.of("R1", "R3"), Instant.ofEpochMilli(5),
              Instant.ofEpochMilli(1), Instant.ofEpochMilli(4));
      assertThat(changes.serialize("eligibility-changes", change))
          .isEqualTo(plain("others", "eligibility-changes", EligibilityChange.getClassSchema(), change));
    }
  }

  @Test
  void aFailedRecordLeavesNothingBehindForTheNext() throws IOException {
    SpecificAvroSerializer<ApiCallEvent> serializer =
        new SpecificAvroSerializer<>(ApiCallEvent.getClassSchema(), config("failure"), false);
    ApiCallEvent good = events(2, 1).get(0);
    // eventId and appId are written before the null path fails, into the thread's encoder.
    ApiCallEvent broken =
        new ApiCallEvent("evt-1", "app-1", Instant.EPOCH, "GET", null, 200, null, Environment.sandbox, null);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, broken))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Cannot serialize a dev.graduation.events.ApiCallEvent for api-calls");
    assertThat(serializer.serialize(TOPIC, good)).isEqualTo(plain("failure", TOPIC, ApiCallEvent.getClassSchema(), good));
  }

  @Test
  void aLargeRecordThenASmallOne() throws IOException {
    SpecificAvroSerializer<AppRegistration> serializer =
        new SpecificAvroSerializer<>(AppRegistration.getClassSchema(), config("large"), false);
    AppRegistration large =
        new AppRegistration("app-1", "n", "d".repeat(200_000), List.of(), Instant.EPOCH, Instant.EPOCH);
    AppRegistration small = new AppRegistration("app-2", "n", "d", List.of("SMS"), Instant.EPOCH, Instant.EPOCH);

    byte[] largeBytes = serializer.serialize("app-registrations", large);

    assertThat(largeBytes).hasSizeGreaterThan(SpecificAvroSerializer.MAX_RETAINED_BUFFER_BYTES);
    assertThat(largeBytes).isEqualTo(plain("large", "app-registrations", AppRegistration.getClassSchema(), large));
    assertThat(serializer.serialize("app-registrations", small))
        .isEqualTo(plain("large", "app-registrations", AppRegistration.getClassSchema(), small));
  }

  @Test
  void threadsSharingOneSerializerWriteTheirOwnRecords() throws Exception {
    SpecificAvroSerializer<ApiCallEvent> serializer =
        new SpecificAvroSerializer<>(ApiCallEvent.getClassSchema(), config("threads"), false);
    List<List<ApiCallEvent>> perThread = List.of(events(3, 3_000), events(4, 3_000), events(5, 3_000), events(6, 3_000));
    List<List<byte[]>> expected = new ArrayList<>();
    for (List<ApiCallEvent> events : perThread) {
      List<byte[]> bytes = new ArrayList<>();
      for (ApiCallEvent event : events) {
        bytes.add(plain("threads", TOPIC, ApiCallEvent.getClassSchema(), event));
      }
      expected.add(bytes);
    }

    ExecutorService pool = Executors.newFixedThreadPool(perThread.size());
    try {
      List<Future<List<byte[]>>> results = new ArrayList<>();
      for (List<ApiCallEvent> events : perThread) {
        Callable<List<byte[]>> task = () -> events.stream().map(e -> serializer.serialize(TOPIC, e)).toList();
        results.add(pool.submit(task));
      }
      for (int t = 0; t < perThread.size(); t++) {
        List<byte[]> actual = results.get(t).get(60, TimeUnit.SECONDS);
        assertThat(actual).hasSize(3_000);
        for (int i = 0; i < actual.size(); i++) {
          assertThat(actual.get(i)).as("thread %d, record %d", t, i).isEqualTo(expected.get(t).get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A record of one optional long, whose value may be of any class, to feed the union wrong values. */
  private static final class OptionalLong implements SpecificRecord {
    static final Schema SCHEMA =
        new Schema.Parser()
            .parse(
                """
                {"type": "record", "name": "OptionalLong", "namespace": "dev.graduation.test",
                 "fields": [{"name": "value", "type": ["null", "long"]}]}
                """);

    private Object value;

    OptionalLong(Object value) {
      this.value = value;
    }

    @Override
    public Schema getSchema() {
      return SCHEMA;
    }

    @Override
    public Object get(int field) {
      return value;
    }

    @Override
    public void put(int field, Object value) {
      this.value = value;
    }
  }

  @Test
  void aValueNoBranchTakesFailsAsBeforeWhateverWasWrittenFirst() throws IOException {
    SpecificAvroSerializer<OptionalLong> serializer =
        new SpecificAvroSerializer<>(OptionalLong.SCHEMA, config("unions"), false);

    for (Object value : Arrays.asList(7L, null, "seven", 7, 8L, "seven", null, 7)) {
      OptionalLong record = new OptionalLong(value);
      if (value == null || value instanceof Long) {
        assertThat(serializer.serialize("t", record)).isEqualTo(plain("unions", "t", OptionalLong.SCHEMA, record));
      } else {
        assertThatThrownBy(() -> serializer.serialize("t", record))
            .isInstanceOf(SerializationException.class)
            .hasRootCauseInstanceOf(UnresolvedUnionException.class);
        assertThatThrownBy(() -> plain("unions", "t", OptionalLong.SCHEMA, record))
            .isInstanceOf(UnresolvedUnionException.class);
      }
    }
  }
}
