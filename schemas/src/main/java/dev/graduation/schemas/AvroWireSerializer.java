package dev.graduation.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes values as Avro binary of one schema in the Confluent wire format, registering the schema
 * under the TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key}). Subclasses
 * say how a value is encoded: {@link SpecificAvroSerializer} with Avro's datum writer, or by
 * hand through Avro's encoder where a hot path cannot afford to build records first.
 *
 * <p>Thread-safe: producers and stream threads may share one instance. Each thread writes through
 * its own buffered encoder and buffer, kept between records, so a record allocates little more
 * than its result (a new encoder per record allocated its 2 KiB buffer each time, the largest
 * allocation of ingest's request threads).
 */
public abstract class AvroWireSerializer<T> implements Serializer<T> {

  /** A thread's buffer that grew beyond this for one large record is dropped, not kept. */
  static final int MAX_RETAINED_BUFFER_BYTES = 64 * 1024;

  private final Schema schema;
  /** The 5 header bytes per topic: asking the client would print the schema to JSON per record. */
  private final Map<String, byte[]> headersByTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);
  private SchemaRegistryClient registry;
  private boolean autoRegister = true;
  private boolean isKey;

  protected AvroWireSerializer(Schema schema) {
    this.schema = schema;
  }

  /** Writes {@code value} as Avro binary of the schema given at construction. */
  protected abstract void write(T value, Encoder encoder) throws IOException;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    this.registry = config.client();
    this.autoRegister = config.autoRegisterSchemas();
    this.isKey = isKey;
  }

  private byte[] header(String topic) {
    String subject = WireFormat.subject(topic, isKey);
    int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    return new byte[] {WireFormat.MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  @Override
  public byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    if (registry == null) {
      throw new SerializationException("Serializer used before configure(): no schema registry");
    }
    byte[] header = headersByTopic.get(topic);
    if (header == null) {
      header = headersByTopic.computeIfAbsent(topic, this::header);
    }
    Output output = outputs.get();
    try {
      byte[] bytes = output.write(header, this, value);
      if (bytes.length > MAX_RETAINED_BUFFER_BYTES) {
        outputs.remove();
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      // The encoder may still hold part of this record: the thread starts afresh next time.
      outputs.remove();
      throw new SerializationException("Cannot serialize a " + schema.getFullName() + " for " + topic, e);
    }
  }

  /** One thread's buffer and the buffered encoder over it (a direct encoder makes a call per byte). */
  private static final class Output {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);

    <T> byte[] write(byte[] header, AvroWireSerializer<T> serializer, T value) throws IOException {
      buffer.reset();
      encoder.writeFixed(header);
      serializer.write(value, encoder);
      encoder.flush();
      return buffer.toByteArray();
    }
  }
}
