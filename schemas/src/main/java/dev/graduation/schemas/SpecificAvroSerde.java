package dev.graduation.schemas;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/** Serde for Avro specific records in the Confluent wire format; see the two halves. */
public class SpecificAvroSerde<T extends SpecificRecord> extends Serdes.WrapperSerde<T> {

  public SpecificAvroSerde(Schema schema) {
    this(schema, null);
  }

  /** @param sameSchemaReader see {@link SpecificAvroDeserializer#SpecificAvroDeserializer(Schema, SpecificAvroDeserializer.BodyReader)} */
  public SpecificAvroSerde(Schema schema, SpecificAvroDeserializer.BodyReader<T> sameSchemaReader) {
    super(new SpecificAvroSerializer<>(schema), new SpecificAvroDeserializer<>(schema, sameSchemaReader));
  }

  /** A serde configured for values (or keys) against the given registry settings. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> configured(
      Schema schema, Map<String, ?> configs, boolean isKey) {
    return configured(new SpecificAvroSerde<>(schema), configs, isKey);
  }

  static <T extends SpecificRecord> SpecificAvroSerde<T> configured(
      SpecificAvroSerde<T> serde, Map<String, ?> configs, boolean isKey) {
    serde.configure(configs, isKey);
    return serde;
  }
}
