package dev.graduation.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format bytes into an Avro specific record. The writer schema is fetched
 * by id from the registry and resolved against the reader schema, so a record written with an
 * older (or newer, compatible) version of the schema reads as the version this code knows.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  /** Reads one record's Avro body. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(BinaryDecoder in) throws IOException;
  }

  private final Schema readerSchema;
  private final BodyReader<T> sameSchemaReader;
  private final Map<Integer, BodyReader<T>> readersByWriterId = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;

  public SpecificAvroDeserializer(Schema readerSchema) {
    this(readerSchema, (BodyReader<T>) null);
  }

  /**
   * @param sameSchemaReader reads records written with the reader schema itself, without schema
   *     resolution (see {@link ApiCallEventReader}); null to resolve every record
   */
  public SpecificAvroDeserializer(Schema readerSchema, BodyReader<T> sameSchemaReader) {
    this.readerSchema = readerSchema;
    this.sameSchemaReader = sameSchemaReader;
  }

  /** For code that configures the deserializer itself rather than through Kafka. */
  public SpecificAvroDeserializer(Schema readerSchema, Map<String, ?> configs, boolean isKey) {
    this(readerSchema);
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.registry = AvroSerdeConfig.from(configs).client();
  }

  /**
   * A reader from the writer schema to ours, with Avro's fast reader: it resolves the two schemas
   * once into a plan instead of walking a resolving grammar per record (the difference shows in
   * the topology, which reads every bucket it updates).
   */
  private BodyReader<T> readerFor(int writerId) {
    Schema writerSchema = registry.schemaById(writerId);
    if (sameSchemaReader != null && writerSchema.equals(readerSchema)) {
      return sameSchemaReader;
    }
    SpecificData model = SpecificData.getForSchema(readerSchema);
    model.setFastReaderEnabled(true);
    SpecificDatumReader<T> resolving = new SpecificDatumReader<>(writerSchema, readerSchema, model);
    return in -> resolving.read(null, in);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException("Deserializer used before configure(): no schema registry");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    int writerId = WireFormat.readSchemaId(buffer);
    BodyReader<T> reader = readersByWriterId.computeIfAbsent(writerId, this::readerFor);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(data, buffer.position(), buffer.remaining(), null);
    try {
      return reader.read(decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot read a "
              + readerSchema.getFullName()
              + " written with schema id "
              + writerId
              + " from "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
