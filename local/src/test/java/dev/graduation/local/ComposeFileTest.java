package dev.graduation.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.config.Resolved;
import dev.graduation.config.ServiceSettings;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.config.IngestSettings;
import dev.graduation.schemas.Topic;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker/compose.yaml} checked without Docker: its services, ports, volumes, dependencies
 * and images' files exist and agree with each other, every environment variable given to ingest
 * and streams-app is one of their declared settings (read through their own {@link
 * ServiceSettings}, so a variable they would ignore fails here), Prometheus scrapes every service
 * where it listens, and kafka-init creates exactly the topics of {@link Topics#ALL}.
 *
 * <p>Seen failing: with a misspelt {@code STREAMS_QUERY_TOKEN} (no setting read it), with {@code
 * streams-app-2} dropped from the Prometheus targets, and with api-calls created with 3 partitions.
 */
class ComposeFileTest {

  private static final Path DOCKER = Path.of("../docker");
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z_]+)(?::?([-?])([^}]*))?}");

  @SuppressWarnings("unchecked")
  private static final Map<String, Object> COMPOSE = load();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try {
      return new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() {
    return (Map<String, Map<String, Object>>) COMPOSE.get("services");
  }

  private static Map<String, Object> service(String name) {
    return services().get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    Map<String, String> env = new TreeMap<>();
    ((Map<String, Object>) service(service).getOrDefault("environment", Map.of()))
        .forEach((key, value) -> env.put(key, interpolated(String.valueOf(value))));
    return env;
  }

  /**
   * As compose fills it with nothing set but the required variables: {@code ${LOG_FORMAT:-plain}}
   * is its default, {@code ${QUERY_TOKEN:?...}} {@code value-of-query-token}.
   */
  private static String interpolated(String value) {
    Matcher matcher = INTERPOLATION.matcher(value);
    return matcher.replaceAll(match -> "-".equals(match.group(2))
        ? Matcher.quoteReplacement(match.group(3))
        : "value-of-" + match.group(1).toLowerCase().replace('_', '-'));
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object value) {
    return value == null ? List.of() : (List<String>) value;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> dependencies(String service) {
    Object dependsOn = service(service).get("depends_on");
    if (dependsOn instanceof Map<?, ?> map) {
      return (Set<String>) map.keySet();
    }
    return new LinkedHashSet<>(list(dependsOn));
  }

  @Test
  void theDeploymentHasEveryPart() {
    assertThat(services().keySet())
        .containsExactlyInAnyOrder("kafka-1", "kafka-2", "kafka-3", "kafka-init", "schema-registry", "ingest",
            "streams-app-1", "streams-app-2", "load", "prometheus", "grafana");
    assertThat(service("load").get("profiles")).isEqualTo(List.of("load"));
    for (String broker : List.of("kafka-1", "kafka-2", "kafka-3")) {
      assertThat(service(broker).get("image")).as(broker).isEqualTo("apache/kafka:" + kafkaVersion());
      assertThat(environment(broker))
          .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + broker + ":9092");
    }
    assertThat(String.valueOf(service("schema-registry").get("image"))).startsWith("confluentinc/cp-schema-registry:");
  }

  @Test
  void dependenciesVolumesAndHostPortsAgree() {
    Set<String> declaredVolumes = ((Map<?, ?>) COMPOSE.get("volumes")).keySet().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.toSet());
    Set<String> usedVolumes = new LinkedHashSet<>();
    Set<String> hostPorts = new LinkedHashSet<>();
    services().forEach((name, service) -> {
      assertThat(services().keySet()).as(name + " depends on").containsAll(dependencies(name));
      for (String volume : list(service.get("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith(".")) {
          assertThat(DOCKER.resolve(source)).as(name + " mounts").exists();
        } else {
          usedVolumes.add(source);
        }
      }
      for (String port : list(service.get("ports"))) {
        assertThat(hostPorts.add(port.split(":")[0])).as("host port of " + port + " used twice").isTrue();
      }
      if (service.get("build") instanceof Map<?, ?> build) {
        assertThat(DOCKER.resolve(String.valueOf(build.get("context"))).resolve(String.valueOf(build.get("dockerfile"))))
            .as(name + " dockerfile").exists();
      }
    });
    assertThat(usedVolumes).containsExactlyInAnyOrderElementsOf(declaredVolumes);
  }

  @Test
  void everyIngestVariableIsAnIngestSetting() {
    Resolved<IngestConfig> resolved = resolvedFromCompose(IngestSettings.SETTINGS, "ingest");
    assertThat(resolved.config().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
    assertThat(resolved.config().tokens()).containsExactly("value-of-ingest-token");
    assertThat(containerPorts("ingest")).containsExactly(Integer.toString(resolved.config().port()));
  }

  @Test
  void everyStreamsAppVariableIsAStreamsAppSettingAndStandbysAreOn() {
    for (String instance : List.of("streams-app-1", "streams-app-2")) {
      Resolved<StreamsAppConfig> resolved = resolvedFromCompose(StreamsSettings.SETTINGS, instance);
      assertThat(resolved.config().advertisedHost()).isEqualTo(instance);
      assertThat(resolved.config().replicationFactor()).isEqualTo(3);
      assertThat(resolved.config().standbys().replicas()).isEqualTo(1);
      assertThat(resolved.config().streamsProperties()).containsEntry("num.standby.replicas", 1);
      assertThat(containerPorts(instance)).containsExactly(Integer.toString(resolved.config().httpPort()));
    }
  }

  /**
   * The service's configuration from its compose environment alone; every variable given must
   * show up as the source of some setting, or the service would silently ignore it.
   */
  private static <C> Resolved<C> resolvedFromCompose(ServiceSettings<C> settings, String service) {
    Map<String, String> env = environment(service);
    Resolved<C> resolved =
        ((ServiceSettings.Command.Run<C>) settings.parse(new String[0], env)).resolved();
    for (String variable : env.keySet()) {
      assertThat(resolved.effective())
          .as(service + ": " + variable + " must be read by a setting")
          .anyMatch(line -> line.endsWith("(environment variable " + variable + ")"));
    }
    return resolved;
  }

  private static List<String> containerPorts(String service) {
    return list(service(service).get("ports")).stream().map(port -> port.substring(port.lastIndexOf(':') + 1)).toList();
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryServiceWhereItListens() throws IOException {
    Map<String, Object> prometheus = new Yaml().load(Files.readString(DOCKER.resolve("prometheus/prometheus.yml")));
    List<String> targets = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      for (Map<String, Object> config : (List<Map<String, Object>>) job.get("static_configs")) {
        targets.addAll(list(config.get("targets")));
      }
    }
    assertThat(targets).contains("ingest:8080", "streams-app-1:8090", "streams-app-2:8090");
    for (String target : targets) {
      String host = target.split(":")[0];
      if (!host.equals("localhost")) {
        assertThat(containerPorts(host)).as(target).contains(target.split(":")[1]);
      }
    }
  }

  /** Every topic of Topics.ALL, as declared, except min.insync.replicas: 2 on a 3-broker cluster. */
  @Test
  void kafkaInitCreatesExactlyThePipelinesTopics() {
    String script = String.join("\n", list(service("kafka-init").get("command")));
    Map<String, String> created = new TreeMap<>();
    Matcher create = Pattern.compile("(?m)^\\s*create --topic (\\S+) (.*)$").matcher(script);
    while (create.find()) {
      created.put(create.group(1), create.group(2).trim());
    }
    Map<String, String> expected = new TreeMap<>();
    for (Topic<?> topic : Topics.ALL) {
      Map<String, String> configs = new TreeMap<>(topic.configs());
      configs.put("min.insync.replicas", "2");
      StringBuilder args = new StringBuilder("--partitions " + topic.partitions());
      List<String> order = new ArrayList<>(List.of("cleanup.policy", "retention.ms", "min.insync.replicas"));
      assertThat(order).as(topic.name() + " configs").containsAll(configs.keySet());
      order.retainAll(configs.keySet());
      order.forEach(key -> args.append(" --config ").append(key).append('=').append(configs.get(key)));
      expected.put(topic.name(), args.toString());
    }
    assertThat(created).isEqualTo(expected);
    assertThat(script).contains("--replication-factor 3");
  }

  @Test
  void theImagesCopyFilesThatExistAndCheckHealthWhereTheServiceListens() throws IOException {
    Map<String, String> healthPorts = new HashMap<>(Map.of(
        "ingest.Dockerfile", Integer.toString(IngestConfig.defaults().port()),
        "streams-app.Dockerfile", Integer.toString(StreamsAppConfig.defaults().httpPort())));
    for (Map.Entry<String, String> image : healthPorts.entrySet()) {
      String dockerfile = Files.readString(DOCKER.resolve(image.getKey()));
      Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
      while (copy.find()) {
        if (!copy.group(1).equals(".")) {
          assertThat(DOCKER.resolve("..").resolve(copy.group(1))).as(image.getKey()).exists();
        }
      }
      assertThat(dockerfile)
          .contains("USER 10001", "FROM eclipse-temurin:17-jre", "AS build")
          .contains("HEALTHCHECK ", "http://localhost:" + image.getValue() + "/health/ready");
    }
  }

  private static String kafkaVersion() {
    try {
      Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>")
          .matcher(Files.readString(DOCKER.resolve("../pom.xml")));
      assertThat(version.find()).isTrue();
      return version.group(1);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
