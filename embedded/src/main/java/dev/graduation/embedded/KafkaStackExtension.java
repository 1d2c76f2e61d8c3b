package dev.graduation.embedded;

import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker and one schema registry per test class, on a fresh temporary directory, with
 * every topic of {@link Topics#ALL} created. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();
 * }</pre>
 *
 * Nested test classes share the outer class's stack. The directory is deleted after the class.
 * {@link #withSaslPlainUser} adds a SASL/PLAIN listener to the broker for clients that must log in.
 */
public final class KafkaStackExtension implements BeforeAllCallback, AfterAllCallback {

  private final Map<String, String> plainUsers = new LinkedHashMap<>();
  private Path dataDir;
  private EmbeddedKafkaBroker broker;
  private EmbeddedSchemaRegistry registry;
  private String ownerId;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (ownerId != null) {
      return; // a @Nested class inside the class that started the stack
    }
    ownerId = context.getUniqueId();
    dataDir = Files.createTempDirectory("kafka-stack-");
    try {
      EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(dataDir.resolve("kafka"));
      plainUsers.forEach(builder::saslPlainUser);
      broker = builder.build().start();
      broker.createTopics(Topics.ALL);
      registry = new EmbeddedSchemaRegistry(broker.bootstrapServers(), 0).start();
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(ownerId)) {
      shutdown();
    }
  }

  /**
   * The broker also listens with SASL_PLAINTEXT (mechanism PLAIN) where this user must log in:
   * {@link #saslBootstrapServers()}. Call on the field's initialiser, before the class starts.
   */
  public KafkaStackExtension withSaslPlainUser(String user, String password) {
    plainUsers.put(user, password);
    return this;
  }

  /** The SASL listener of a stack built {@link #withSaslPlainUser}. */
  public String saslBootstrapServers() {
    return requireStarted(broker).saslBootstrapServers();
  }

  public String bootstrapServers() {
    return requireStarted(broker).bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return requireStarted(registry).url();
  }

  /** The serde settings for {@code Topic.valueSerde}: {@code {"schema.registry.url": url}}. */
  public Map<String, Object> serdeConfig() {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl());
  }

  /** The broker, for tests that stop and restart it. */
  public EmbeddedKafkaBroker broker() {
    return requireStarted(broker);
  }

  public EmbeddedSchemaRegistry registry() {
    return requireStarted(registry);
  }

  private void shutdown() {
    try {
      if (registry != null) {
        registry.close();
      }
      if (broker != null) {
        broker.close();
      }
      if (dataDir != null) {
        deleteRecursively(dataDir);
      }
    } finally {
      registry = null;
      broker = null;
      dataDir = null;
      ownerId = null;
    }
  }

  private static <T> T requireStarted(T part) {
    if (part == null) {
      throw new IllegalStateException(
          "Kafka stack not started: register KafkaStackExtension on a static field");
    }
    return part;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }
}
