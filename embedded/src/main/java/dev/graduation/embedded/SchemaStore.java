package dev.graduation.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The registry's state in memory: the versions of every subject (soft-deleted ones included),
 * the global ids and the compatibility levels. It is rebuilt from {@code _schemas} on start and
 * updated after each successful write to it, so it never holds anything the topic does not.
 * Synchronised: HTTP reads run on many threads.
 */
final class SchemaStore {

  private final Map<String, NavigableMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;

  /** Records a version (live or soft-deleted) read from, or just written to, {@code _schemas}. */
  synchronized void apply(RegisteredSchema registered) {
    subjects
        .computeIfAbsent(registered.subject(), ignored -> new TreeMap<>())
        .put(registered.version(), registered);
    schemasById.putIfAbsent(registered.id(), registered.schema());
    idsBySchema.putIfAbsent(registered.schema(), registered.id());
    maxId = Math.max(maxId, registered.id());
  }

  /** Soft-deletes every version up to {@code version}: Confluent's DELETE_SUBJECT record. */
  synchronized void softDeleteUpTo(String subject, int version) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions != null) {
      versions.headMap(version, true).replaceAll((number, v) -> v.softDeleted());
    }
  }

  /**
   * Forgets a version for good (a tombstone in {@code _schemas}); its id too once no version of
   * any subject has it. Ids are never given again: the next one stays above every id seen.
   */
  synchronized void remove(String subject, int version) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      return;
    }
    RegisteredSchema removed = versions.remove(version);
    if (versions.isEmpty()) {
      subjects.remove(subject);
    }
    if (removed != null && allVersions().noneMatch(v -> v.id() == removed.id())) {
      schemasById.remove(removed.id());
      idsBySchema.remove(removed.schema());
    }
  }

  /** Subjects with a live version; with {@code deleted}, also those whose versions are all soft-deleted. */
  synchronized List<String> subjects(boolean deleted, boolean deletedOnly) {
    List<String> names = new ArrayList<>();
    subjects.forEach(
        (name, versions) -> {
          boolean live = versions.values().stream().anyMatch(v -> !v.deleted());
          if (deletedOnly ? !live : live || deleted) {
            names.add(name);
          }
        });
    return names;
  }

  /** The version numbers of a subject: live ones, or all with {@code deleted}. 40401 if none. */
  synchronized List<Integer> versions(String subject, boolean deleted) {
    List<Integer> numbers =
        versionsOf(subject, deleted).map(RegisteredSchema::version).toList();
    if (numbers.isEmpty()) {
      throw RegistryException.subjectNotFound(subject);
    }
    return numbers;
  }

  /** A version; a soft-deleted one only with {@code deleted}. 40401 or 40402 otherwise. */
  synchronized RegisteredSchema version(String subject, int version, boolean deleted) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      throw RegistryException.subjectNotFound(subject);
    }
    RegisteredSchema found = versions.get(version);
    if (found == null || (found.deleted() && !deleted)) {
      throw RegistryException.versionNotFound(version);
    }
    return found;
  }

  /** The newest live version. */
  synchronized Optional<RegisteredSchema> latest(String subject) {
    return live(subject).reduce((older, newer) -> newer);
  }

  /** Every live version, oldest first. */
  synchronized List<RegisteredSchema> liveVersions(String subject) {
    return live(subject).toList();
  }

  /** The live version of {@code subject} whose schema is exactly {@code schema} (normalised). */
  synchronized Optional<RegisteredSchema> find(String subject, String schema) {
    return live(subject).filter(v -> v.schema().equals(schema)).findFirst();
  }

  /** Whether the subject has a version, live or (with {@code deleted}) soft-deleted. */
  synchronized boolean hasSubject(String subject, boolean deleted) {
    return versionsOf(subject, deleted).findAny().isPresent();
  }

  synchronized Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  /** The id {@code schema} has (under any subject), or the next free id if it is new. */
  synchronized int idFor(String schema) {
    Integer existing = idsBySchema.get(schema);
    return existing != null ? existing : maxId + 1;
  }

  /** The next version number of {@code subject}: soft-deleted numbers are not given again. */
  synchronized int nextVersion(String subject) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    return versions == null ? 1 : versions.lastKey() + 1;
  }

  /** The subject's own level, or the global one ({@code subject} null); empty when none is set. */
  synchronized Optional<CompatibilityLevel> configuredLevel(String subject) {
    return Optional.ofNullable(subject == null ? globalLevel : subjectLevels.get(subject));
  }

  /** The level a subject's registrations are checked at: its own, else the global, else BACKWARD. */
  synchronized CompatibilityLevel effectiveLevel(String subject) {
    CompatibilityLevel own = subjectLevels.get(subject);
    if (own != null) {
      return own;
    }
    return globalLevel != null ? globalLevel : CompatibilityLevel.DEFAULT;
  }

  /** Sets ({@code level} non-null) or clears a level; {@code subject} null is the global one. */
  synchronized void setLevel(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  private Stream<RegisteredSchema> live(String subject) {
    return versionsOf(subject, false);
  }

  private Stream<RegisteredSchema> versionsOf(String subject, boolean deleted) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      return Stream.empty();
    }
    return versions.values().stream().filter(v -> deleted || !v.deleted());
  }

  private Stream<RegisteredSchema> allVersions() {
    return subjects.values().stream().flatMap(versions -> versions.values().stream());
  }
}
