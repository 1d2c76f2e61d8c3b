package dev.graduation.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Confluent's compatibility levels. BACKWARD: consumers on the new schema read what was written
 * with the old (new schema as reader, old as writer); FORWARD: consumers on the old schema read
 * what is written with the new; FULL: both. Plain levels check against the latest live version,
 * {@code _TRANSITIVE} ones against every live version.
 */
enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** Confluent's default, and what a registry with no config answers. */
  static final CompatibilityLevel DEFAULT = BACKWARD;

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** A level by name, in any case, as Confluent accepts it; 42203 for anything else. */
  static CompatibilityLevel parse(String name) {
    for (CompatibilityLevel level : values()) {
      if (level.name().equals(name.toUpperCase(Locale.ROOT))) {
        return level;
      }
    }
    throw RegistryException.invalidCompatibilityLevel();
  }

  /**
   * Why {@code candidate} may not follow the live versions of a subject (oldest first) at this
   * level; empty when it may.
   */
  List<String> incompatibilities(Schema candidate, List<RegisteredSchema> live) {
    if (live.isEmpty()) {
      return List.of();
    }
    List<RegisteredSchema> checked = transitive ? live : List.of(live.get(live.size() - 1));
    List<String> problems = new ArrayList<>();
    for (RegisteredSchema previous : checked) {
      problems.addAll(against(candidate, previous));
    }
    return problems;
  }

  /** Why {@code candidate} and one earlier version are incompatible in this level's directions. */
  List<String> against(Schema candidate, RegisteredSchema previous) {
    Schema earlier = new Schema.Parser().parse(previous.schema());
    List<String> problems = new ArrayList<>();
    if (backward) {
      problems.addAll(problems(candidate, earlier, previous.version()));
    }
    if (forward) {
      problems.addAll(problems(earlier, candidate, previous.version()));
    }
    return problems;
  }

  private static List<String> problems(Schema reader, Schema writer, int version) {
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getIncompatibilities().stream()
        .map(
            i ->
                "{errorType:'"
                    + i.getType()
                    + "', description:'"
                    + i.getMessage()
                    + "', location:'"
                    + i.getLocation()
                    + "', version:"
                    + version
                    + "}")
        .toList();
  }
}
