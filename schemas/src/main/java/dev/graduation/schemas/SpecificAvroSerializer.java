package dev.graduation.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, registering the writer schema under
 * the TopicNameStrategy subject ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>Thread-safe: producers and stream threads may share one instance. Each thread writes through
 * its own buffered encoder and buffer, kept between records, so a record allocates little more
 * than its result (a new encoder per record allocated its 2 KiB buffer each time, the largest
 * allocation of ingest's request threads).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  /** A thread's buffer that grew beyond this for one large record is dropped, not kept. */
  static final int MAX_RETAINED_BUFFER_BYTES = 64 * 1024;

  private final Schema schema;
  private final UnionCachingWriter<T> writer;
  /** The 5 header bytes per topic: asking the client would print the schema to JSON per record. */
  private final Map<String, byte[]> headersByTopic = new ConcurrentHashMap<>();
  private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);
  private SchemaRegistryClient registry;
  private boolean autoRegister = true;
  private boolean isKey;

  public SpecificAvroSerializer(Schema schema) {
    this.schema = schema;
    this.writer = new UnionCachingWriter<>(schema);
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

  private byte[] header(String topic) {
    String subject = WireFormat.subject(topic, isKey);
    int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
    return new byte[] {WireFormat.MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
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
      byte[] bytes = output.write(header, writer, record);
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

    <T> byte[] write(byte[] header, SpecificDatumWriter<T> writer, T record) throws IOException {
      buffer.reset();
      encoder.writeFixed(header);
      writer.write(record, encoder);
      encoder.flush();
      return buffer.toByteArray();
    }
  }

  /**
   * A {@link SpecificDatumWriter} that remembers which branch of each union of its schema a class
   * of value takes, so that an optional field ({@code ["null", "long"]}) does not pay Avro's
   * resolution per value (a lookup of the class's conversions, then of its schema name, then of
   * the branch by name). For a value that is no Avro container (not a record, enum or fixed), that
   * resolution depends on the value's class alone, so the remembered branch is the one Avro would
   * pick; containers, and unions not found in the schema, are resolved by Avro as before.
   */
  static final class UnionCachingWriter<T> extends SpecificDatumWriter<T> {

    /** Classes remembered per union at most; a union of more kinds of values resolves as before. */
    private static final int MAX_CLASSES_PER_UNION = 8;

    private final Map<Schema, UnionBranches> unions = new IdentityHashMap<>();

    UnionCachingWriter(Schema schema) {
      super(schema);
      collectUnions(schema, new IdentityHashMap<>());
    }

    private void collectUnions(Schema schema, Map<Schema, Boolean> seen) {
      if (seen.put(schema, Boolean.TRUE) != null) {
        return;
      }
      switch (schema.getType()) {
        case RECORD -> schema.getFields().forEach(field -> collectUnions(field.schema(), seen));
        case ARRAY -> collectUnions(schema.getElementType(), seen);
        case MAP -> collectUnions(schema.getValueType(), seen);
        case UNION -> {
          unions.put(schema, new UnionBranches(schema.getIndexNamed(Schema.Type.NULL.getName())));
          schema.getTypes().forEach(branch -> collectUnions(branch, seen));
        }
        default -> {
          // Leaves: no union below.
        }
      }
    }

    @Override
    protected int resolveUnion(Schema union, Object datum) {
      UnionBranches branches = unions.get(union);
      if (branches == null) {
        return super.resolveUnion(union, datum);
      }
      if (datum == null) {
        return branches.nullIndex >= 0 ? branches.nullIndex : super.resolveUnion(union, null);
      }
      if (datum instanceof GenericContainer) {
        return super.resolveUnion(union, datum);
      }
      Class<?> type = datum.getClass();
      int index = branches.indexOf(type);
      if (index < 0) {
        index = super.resolveUnion(union, datum);
        branches.remember(type, index);
      }
      return index;
    }
  }

  /** The branches of one union taken so far, by class of value; read without a lock. */
  private static final class UnionBranches {
    private record Branch(Class<?> type, int index) {}

    final int nullIndex;
    private volatile Branch[] known = new Branch[0];

    UnionBranches(Integer nullIndex) {
      this.nullIndex = nullIndex == null ? -1 : nullIndex;
    }

    int indexOf(Class<?> type) {
      for (Branch branch : known) {
        if (branch.type() == type) {
          return branch.index();
        }
      }
      return -1;
    }

    synchronized void remember(Class<?> type, int index) {
      Branch[] before = known;
      if (before.length < UnionCachingWriter.MAX_CLASSES_PER_UNION && indexOf(type) < 0) {
        Branch[] after = Arrays.copyOf(before, before.length + 1);
        after[before.length] = new Branch(type, index);
        known = after;
      }
    }
  }
}
