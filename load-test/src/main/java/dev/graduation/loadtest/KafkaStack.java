package dev.graduation.loadtest;

import dev.graduation.embedded.EmbeddedKafkaBroker;
import dev.graduation.embedded.EmbeddedSchemaRegistry;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A broker and a schema registry in this JVM, in a temporary directory that is deleted on close,
 * with every topic of {@link Topics#ALL} created.
 */
public final class KafkaStack implements AutoCloseable {

  private final Path dir;
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;

  private KafkaStack(Path dir, EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts both in a fresh directory under the system temp dir; everything on 127.0.0.1. */
  public static KafkaStack start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("graduation-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build();
    EmbeddedSchemaRegistry registry = null;
    try {
      broker.start();
      broker.createTopics(Topics.ALL);
      registry = new EmbeddedSchemaRegistry(broker.bootstrapServers(), 0).start();
      return new KafkaStack(dir, broker, registry);
    } catch (RuntimeException e) {
      if (registry != null) {
        registry.close();
      }
      broker.close();
      delete(dir);
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.url();
  }

  public Map<String, Object> serdeConfig() {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
  }

  /** A fresh directory for a streams app's state, deleted with the stack. */
  public Path stateDir(String name) {
    return dir.resolve("state-" + name);
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + dir + ": " + e);
    }
  }
}
