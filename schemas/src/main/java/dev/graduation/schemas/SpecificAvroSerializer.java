package dev.graduation.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering the writer schema under
 * the TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key}).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  /** Schema id per topic: asking the client would print the schema to JSON on every record. */
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  private SchemaRegistryClient registry;
  private boolean autoRegister = true;
  private boolean isKey;

  public SpecificAvroSerializer(Schema schema) {
    this.schema = schema;
    this.writer = new SpecificDatumWriter<>(schema);
  }

  /** For code that configures the serializer itself rather than through Kafka. */
  public SpecificAvroSerializer(Schema schema, Map<String, ?> configs, boolean isKey) {
    this(schema);
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    this.registry = config.client();
    this.autoRegister = config.autoRegisterSchemas();
    this.isKey = isKey;
  }

  private int schemaId(String topic) {
    String subject = WireFormat.subject(topic, isKey);
    return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException("Serializer used before configure(): no schema registry");
    }
    int id = idsByTopic.computeIfAbsent(topic, this::schemaId);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(WireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      // The writer is thread-safe and an encoder is cheap, so producers may share us. Buffered:
      // a direct encoder makes one (synchronized) stream call per byte.
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for " + topic, e);
    }
    return out.toByteArray();
  }
}
