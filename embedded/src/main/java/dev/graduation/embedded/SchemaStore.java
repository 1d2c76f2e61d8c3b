package dev.graduation.embedded;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's state in memory: the versions of every subject and the global ids. It is rebuilt
 * from {@code _schemas} on start and updated after each successful write to it, so it never holds
 * anything the topic does not. Synchronised: HTTP reads run on many threads.
 */
final class SchemaStore {

  private final Map<String, NavigableMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private int maxId;

  /** Records a version read from, or just written to, {@code _schemas}. */
  synchronized void apply(RegisteredSchema registered) {
    subjects
        .computeIfAbsent(registered.subject(), ignored -> new TreeMap<>())
        .put(registered.version(), registered);
    schemasById.putIfAbsent(registered.id(), registered.schema());
    idsBySchema.putIfAbsent(registered.schema(), registered.id());
    maxId = Math.max(maxId, registered.id());
  }

  /** Forgets a version that a tombstone (or a deleted flag) in {@code _schemas} removed. */
  synchronized void remove(String subject, int version) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions != null) {
      versions.remove(version);
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    }
  }

  synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  synchronized List<Integer> versions(String subject) {
    return List.copyOf(versionsOf(subject).keySet());
  }

  synchronized RegisteredSchema version(String subject, int version) {
    RegisteredSchema found = versionsOf(subject).get(version);
    if (found == null) {
      throw RegistryException.versionNotFound(version);
    }
    return found;
  }

  synchronized Optional<RegisteredSchema> latest(String subject) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
  }

  /** The version of {@code subject} whose schema is exactly {@code schema} (normalised), if any. */
  synchronized Optional<RegisteredSchema> find(String subject, String schema) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      return Optional.empty();
    }
    return versions.values().stream().filter(v -> v.schema().equals(schema)).findFirst();
  }

  synchronized boolean hasSubject(String subject) {
    return subjects.containsKey(subject);
  }

  synchronized Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  /** The id {@code schema} has (under any subject), or the next free id if it is new. */
  synchronized int idFor(String schema) {
    Integer existing = idsBySchema.get(schema);
    return existing != null ? existing : maxId + 1;
  }

  /** The version number the next registration under {@code subject} gets. */
  synchronized int nextVersion(String subject) {
    return latest(subject).map(v -> v.version() + 1).orElse(1);
  }

  private NavigableMap<Integer, RegisteredSchema> versionsOf(String subject) {
    NavigableMap<Integer, RegisteredSchema> versions = subjects.get(subject);
    if (versions == null) {
      throw RegistryException.subjectNotFound(subject);
    }
    return versions;
  }
}
