package dev.graduation.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.schemas.Topic;
import dev.graduation.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The seed example end to end against the images compose runs: a Kafka container ({@code
 * apache/kafka} at the project's Kafka version) and a Confluent Schema Registry container (the
 * image {@code docker/compose.yaml} names), with ingest and streams-app in this JVM. Besides the
 * wiring, this holds our serde and registry client against the real registry's REST API.
 *
 * <p>Skipped where no Docker engine runs ({@code disabledWithoutDocker}), as on the build machine
 * this was written on: it has not been seen running, nor failing.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag("integration")
@Timeout(300)
class ComposeTestcontainersIntegrationTest {

  private static final String INGEST_TOKEN = "gateway-token";
  private static final String QUERY_TOKEN = "dashboard-token";
  private static final Path DOCKER = Path.of("../docker");
  private static final Network NETWORK = Network.newNetwork();

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(DockerImageName.parse("apache/kafka:" + composeValue("image: (apache/kafka:\\S+)").split(":")[1]))
          .withNetwork(NETWORK)
          .withListener("kafka:19092");

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(DockerImageName.parse(composeValue("image: (confluentinc/cp-schema-registry:\\S+)")))
          .withNetwork(NETWORK)
          .withExposedPorts(8081)
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
          .dependsOn(KAFKA)
          .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));

  @TempDir static Path stateDir;

  @Test
  void theSeedExampleIsCountedThroughTheRealRegistry() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
      admin.createTopics(Topics.ALL.stream().map((Topic<?> topic) -> topic.newTopic((short) 1)).toList())
          .all().get(60, TimeUnit.SECONDS);
    }
    String registry = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    try (TestPipeline pipeline = TestPipeline.start(
        TestPipeline.ingestConfig(KAFKA.getBootstrapServers(), registry, INGEST_TOKEN),
        TestPipeline.streamsConfig(KAFKA.getBootstrapServers(), registry, "containers", stateDir, QUERY_TOKEN).build(),
        INGEST_TOKEN)) {
      Http.Reply posted = Http.post(pipeline.ingestUrl() + "/v1/events", INGEST_TOKEN, SeedExample.events("tc-app", 2));
      assertThat(posted.body()).isEqualTo(Http.json("{\"accepted\": 20, \"rejected\": []}"));

      assertThat(SeedExample.eligibilityAfter(pipeline.queryUrl(), QUERY_TOKEN, "tc-app", 20).get("endpoints"))
          .isEqualTo(SeedExample.endpoints());
    }
  }

  /** The first match of {@code regex}'s group in docker/compose.yaml: the test runs what compose runs. */
  private static String composeValue(String regex) {
    try {
      Matcher matcher = Pattern.compile(regex).matcher(Files.readString(DOCKER.resolve("compose.yaml")));
      if (!matcher.find()) {
        throw new IllegalStateException("docker/compose.yaml has no " + regex);
      }
      return matcher.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
