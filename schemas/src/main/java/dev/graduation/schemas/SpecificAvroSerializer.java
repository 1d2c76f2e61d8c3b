package dev.graduation.schemas;

import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes Avro specific records in the Confluent wire format (see {@link AvroWireSerializer}),
 * with Avro's {@link SpecificDatumWriter}.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> extends AvroWireSerializer<T> {

  private final UnionCachingWriter<T> writer;

  public SpecificAvroSerializer(Schema schema) {
    super(schema);
    this.writer = new UnionCachingWriter<>(schema);
  }

  /** For code that configures the serializer itself rather than through Kafka. */
  public SpecificAvroSerializer(Schema schema, Map<String, ?> configs, boolean isKey) {
    this(schema);
    configure(configs, isKey);
  }

  @Override
  protected void write(T record, Encoder encoder) throws IOException {
    writer.write(record, encoder);
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
