package dev.graduation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.embedded.RegistryHttp;
import dev.graduation.embedded.TestEvents;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schemas module's serde against a real (embedded) registry: round trips, wire format, evolution. */
@Tag("integration")
class SpecificAvroSerdeIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  /**
   * ApiCallEvent as a first version of ingest wrote it, before latencyMs, environment and
   * receivedAt existed; same full name, so the current schema resolves against it.
   */
  private static final Schema API_CALL_V1 =
      new Schema.Parser()
          .parse(
              """
              {"type": "record", "name": "ApiCallEvent", "namespace": "dev.graduation.events",
               "fields": [
                 {"name": "eventId", "type": "string"},
                 {"name": "appId", "type": "string"},
                 {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                 {"name": "method", "type": "string"},
                 {"name": "path", "type": "string"},
                 {"name": "status", "type": "int"}
               ]}
              """);

  @Test
  void apiCallEventsRoundTrip() {
    Serde<ApiCallEvent> serde = Topics.API_CALLS.valueSerde(KAFKA.serdeConfig());
    List<ApiCallEvent> events = TestEvents.apiCalls(7L, 50, 5);

    List<ApiCallEvent> read =
        events.stream()
            .map(e -> serde.serializer().serialize(Topics.API_CALLS.name(), e))
            .map(bytes -> serde.deserializer().deserialize(Topics.API_CALLS.name(), bytes))
            .toList();

    assertThat(read).containsExactlyElementsOf(events);
    assertThat(read).extracting(ApiCallEvent::getLatencyMs).containsNull();
    assertThat(read).extracting(ApiCallEvent::getEnvironment).contains(Environment.production);
  }

  @Test
  void appRegistrationsRoundTrip() {
    Serde<AppRegistration> serde = Topics.APP_REGISTRATIONS.valueSerde(KAFKA.serdeConfig());
    AppRegistration registration =
        AppRegistration.newBuilder()
            .setAppId("app-1")
            .setName("Call logger")
            .setDescription("Downloads the company call log every night into our CRM.")
            .setPermissions(List.of("ReadCallLog", "SMS"))
            .setRegisteredAt(Instant.parse("2026-11-20T08:00:00Z"))
            .setUpdatedAt(Instant.parse("2026-11-22T09:30:00Z"))
            .build();

    byte[] bytes = serde.serializer().serialize(Topics.APP_REGISTRATIONS.name(), registration);
    AppRegistration read = serde.deserializer().deserialize(Topics.APP_REGISTRATIONS.name(), bytes);

    assertThat(read).isEqualTo(registration);
    assertThat(read.getPermissions()).containsExactly("ReadCallLog", "SMS");
  }

  @Test
  void writesMagicByteZeroThenTheIdTheRegistryAssigned() {
    Serde<ApiCallEvent> serde = Topics.API_CALLS.valueSerde(KAFKA.serdeConfig());
    ApiCallEvent event = TestEvents.apiCalls(11L, 1, 1).get(0);

    byte[] bytes = serde.serializer().serialize(Topics.API_CALLS.name(), event);

    int registeredId =
        new RegistryHttp(KAFKA.schemaRegistryUrl())
            .get("/subjects/api-calls-value/versions/latest")
            .body()
            .path("id")
            .asInt(-1);
    assertThat(registeredId).isPositive();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
  }

  @Test
  void refusesAPayloadWithAnUnknownMagicByte() {
    Serde<ApiCallEvent> serde = Topics.API_CALLS.valueSerde(KAFKA.serdeConfig());
    byte[] payload = {1, 0, 0, 0, 1, 2, 3, 4};

    assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.API_CALLS.name(), payload))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 1");
  }

  @Test
  void refusesAPayloadTooShortForTheHeader() {
    Serde<ApiCallEvent> serde = Topics.API_CALLS.valueSerde(KAFKA.serdeConfig());
    byte[] payload = {0, 0, 0};

    assertThatThrownBy(() -> serde.deserializer().deserialize(Topics.API_CALLS.name(), payload))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Not in schema-registry wire format: 3 bytes, need at least 5");
  }

  @Test
  void readsRecordsOfAnOlderSchemaWithTheDefaultsOfTheFieldsAddedSince() throws IOException {
    // An old producer registered v1 and wrote with it; today's consumer reads with the current schema.
    String topic = "api-calls-evolution";
    SchemaRegistryClient registry = new SchemaRegistryClient(KAFKA.schemaRegistryUrl());
    int v1Id = registry.register(WireFormat.subject(topic, false), API_CALL_V1);
    GenericRecord old = new GenericData.Record(API_CALL_V1);
    old.put("eventId", "evt-old-1");
    old.put("appId", "app-old");
    old.put("timestamp", 1_763_800_000_000L);
    old.put("method", "GET");
    old.put("path", "/restapi/v1.0/account/~/extension/~/call-log");
    old.put("status", 200);

    ApiCallEvent read =
        Topics.API_CALLS
            .valueSerde(KAFKA.serdeConfig())
            .deserializer()
            .deserialize(topic, wireFormat(v1Id, old));

    assertThat(read)
        .isEqualTo(
            ApiCallEvent.newBuilder()
                .setEventId("evt-old-1")
                .setAppId("app-old")
                .setTimestamp(Instant.ofEpochMilli(1_763_800_000_000L))
                .setMethod("GET")
                .setPath("/restapi/v1.0/account/~/extension/~/call-log")
                .setStatus(200)
                .build());
    assertThat(read.getLatencyMs()).isNull();
    assertThat(read.getEnvironment()).isEqualTo(Environment.sandbox);
    assertThat(read.getReceivedAt()).isNull();
    // And the current schema is a BACKWARD-compatible next version of the subject.
    assertThat(registry.isCompatibleWithLatest(WireFormat.subject(topic, false), ApiCallEvent.getClassSchema()))
        .isTrue();
    int v2Id = registry.register(WireFormat.subject(topic, false), ApiCallEvent.getClassSchema());
    assertThat(v2Id).isNotEqualTo(v1Id);
  }

  private static byte[] wireFormat(int schemaId, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
