package dev.graduation.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.events.ApiCallEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The api-calls deserializer, which reads records written with its own schema field by field
 * ({@link ApiCallEventReader}), against Avro's resolving reader (the same deserializer without
 * that reader), and with a writer schema of its own.
 */
class SpecificAvroDeserializerTest {

  private static final String TOPIC = "api-calls";

  @Test
  void readsWhatItsOwnSchemaWroteAsAvrosResolvingReaderDoes() throws IOException {
    Deserializer<ApiCallEvent> direct = Topics.API_CALLS.valueSerde(SpecificAvroSerializerTest.config("direct")).deserializer();
    Deserializer<ApiCallEvent> resolving =
        new SpecificAvroDeserializer<>(ApiCallEvent.getClassSchema(), SpecificAvroSerializerTest.config("direct"), false);
    List<ApiCallEvent> events = SpecificAvroSerializerTest.events(7, 3_000);

    List<ApiCallEvent> read = new ArrayList<>();
    for (ApiCallEvent event : events) {
      byte[] bytes = SpecificAvroSerializerTest.plain("direct", TOPIC, ApiCallEvent.getClassSchema(), event);
      ApiCallEvent decoded = direct.deserialize(TOPIC, bytes);
      assertThat(decoded).isEqualTo(resolving.deserialize(TOPIC, bytes));
      read.add(decoded);
    }
    assertThat(read).isEqualTo(events);
  }

  @Test
  void theFieldByFieldReaderServesOnlyItsOwnSchema() throws IOException {
    AtomicInteger direct = new AtomicInteger();
    SpecificAvroDeserializer<ApiCallEvent> deserializer =
        new SpecificAvroDeserializer<>(ApiCallEvent.getClassSchema(), in -> {
          direct.incrementAndGet();
          return ApiCallEventReader.read(in);
        });
    deserializer.configure(SpecificAvroSerializerTest.config("own-schema"), false);
    ApiCallEvent event = SpecificAvroSerializerTest.events(8, 1).get(0);

    ApiCallEvent own = deserializer.deserialize(
        TOPIC, SpecificAvroSerializerTest.plain("own-schema", TOPIC, ApiCallEvent.getClassSchema(), event));
    ApiCallEvent older = deserializer.deserialize(TOPIC, writtenWithoutReceivedAt("own-schema", event));

    assertThat(direct).hasValue(1);
    assertThat(own).isEqualTo(event);
    ApiCallEvent expected = ApiCallEvent.newBuilder(event).setReceivedAt(null).build();
    assertThat(older).isEqualTo(expected);
  }

  /** {@code event} as a producer with the schema before {@code receivedAt} was added writes it. */
  private static byte[] writtenWithoutReceivedAt(String scope, ApiCallEvent event) throws IOException {
    Schema current = ApiCallEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : current.getFields()) {
      if (!field.name().equals("receivedAt")) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema older = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    GenericRecord record = new GenericData.Record(older);
    for (Schema.Field field : fields) {
      Object value = event.get(field.name());
      record.put(field.name(), value instanceof Instant instant ? instant.toEpochMilli() : value);
    }
    return SpecificAvroSerializerTest.plain(scope, TOPIC, older, record);
  }
}
