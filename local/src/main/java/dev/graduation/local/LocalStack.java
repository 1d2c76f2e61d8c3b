package dev.graduation.local;

import dev.graduation.embedded.EmbeddedKafkaBroker;
import dev.graduation.embedded.EmbeddedSchemaRegistry;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on one machine: an embedded KRaft broker and schema registry (data kept in
 * {@code --data-dir} across restarts), ingest, streams-app with its query API and dashboard, and
 * demo traffic. Prints where to look.
 */
@Command(
    name = "run-local",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Runs Graduation Analytics locally: broker, registry, ingest, streams-app, dashboard, demo traffic.")
public final class LocalStack implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "data", description = "Where broker, registry and state stores keep their data.")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port.")
  int kafkaPort;

  @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port.")
  int controllerPort;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port.")
  int registryPort;

  @Option(names = "--ingest-port", defaultValue = "8080", description = "Ingest HTTP port.")
  int ingestPort;

  @Option(names = "--query-port", defaultValue = "8090", description = "Query API and dashboard port (of the first instance; the next ones use the ports after it).")
  int queryPort;

  @Option(names = "--instances", defaultValue = "1", description = "streams-app instances, each with its own port and state directory; any of them answers every query.")
  int instances = 1;

  @Option(names = "--ingest-token", defaultValue = "local-ingest-token", description = "Bearer token for ingest.")
  String ingestToken;

  @Option(names = "--query-token", defaultValue = "local-query-token", description = "Bearer token for the query API.")
  String queryToken;

  @Option(names = "--no-demo", description = "Start without demo traffic.")
  boolean noDemo;

  @Option(names = "--exit-after-start", hidden = true, description = "Start, print, stop: for tests of this command.")
  boolean exitAfterStart;

  private final List<AutoCloseable> started = new ArrayList<>();
  private String ingestUrl;
  private final List<String> queryUrls = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalStack()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // Before anything logs: logback.xml writes the log file here.
    System.setProperty("GRADUATION_LOG", dataDir.resolve("graduation-local.log").toString());
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-stack-shutdown"));
    try {
      start();
    } catch (Exception e) {
      System.err.println("Could not start the local stack: " + e.getMessage());
      System.err.println("Details in " + dataDir.resolve("graduation-local.log"));
      stop();
      return 1;
    }
    if (!exitAfterStart) {
      new CountDownLatch(1).await();
    }
    stop();
    return 0;
  }

  void start() throws Exception {
    say("Starting Kafka (KRaft, data in " + dataDir.resolve("kafka") + ") ...");
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .dataDir(dataDir.resolve("kafka"))
            .port(kafkaPort)
            .controllerPort(controllerPort)
            .build();
    started.add(broker);
    broker.start();
    broker.createTopics(Topics.ALL);

    EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(broker.bootstrapServers(), registryPort);
    started.add(registry);
    registry.start();

    IngestServer ingest =
        IngestServer.start(
            IngestConfig.defaults()
                .withPort(ingestPort)
                .withBootstrapServers(broker.bootstrapServers())
                .withSchemaRegistryUrl(registry.url())
                .withTokens(List.of(ingestToken)));
    started.add(ingest);

    if (instances < 1) {
      throw new IllegalArgumentException("--instances must be at least 1, was " + instances);
    }
    queryUrls.clear();
    for (int i = 0; i < instances; i++) {
      StreamsApp streams =
          StreamsApp.start(
              StreamsAppConfig.defaults().toBuilder()
                  .bootstrapServers(broker.bootstrapServers())
                  .schemaRegistryUrl(registry.url())
                  // The first instance keeps the directory a single instance has always used.
                  .stateDir(dataDir.resolve(i == 0 ? "streams" : "streams-" + (i + 1)))
                  .httpPort(queryPort == 0 ? 0 : queryPort + i)
                  .queryTokens(List.of(queryToken))
                  .replicationFactor(1)
                  .build(),
              Clock.systemUTC());
      started.add(streams);
      queryUrls.add("http://localhost:" + streams.httpPort());
    }

    ingestUrl = "http://localhost:" + ingest.port();
    if (!noDemo) {
      DemoTraffic demo =
          new DemoTraffic(ingestUrl, ingestToken, Clock.systemUTC(), new DemoSeedMarker(dataDir.resolve("demo-seed.properties")));
      started.add(demo);
      if (!demo.seed()) {
        say("Demo history already in " + dataDir + " (posted once per data directory); live demo traffic resumes.");
      }
      demo.startLiveTraffic();
    }
    banner(broker, registry);
  }

  String ingestUrl() {
    return ingestUrl;
  }

  /** The first instance's query API. */
  String queryUrl() {
    return queryUrls.get(0);
  }

  /** Every instance's query API, the first one first. */
  List<String> queryUrls() {
    return List.copyOf(queryUrls);
  }

  private void banner(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
    String queryUrl = queryUrls.get(0);
    String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    StringBuilder out = new StringBuilder();
    out.append("\nGraduation Analytics is running.\n\n");
    out.append("  Dashboard        ").append(queryUrl).append("/  (token: ").append(queryToken).append(")\n");
    for (int i = 1; i < queryUrls.size(); i++) {
      out.append("  Instance ").append(i + 1).append("       ").append(queryUrls.get(i))
          .append("/  (the same dashboard and API: any instance answers every query)\n");
    }
    out.append("  Query API        ").append(queryUrl).append("/v1/apps/{appId}/eligibility\n");
    out.append("  Ingest API       ").append(ingestUrl).append("/v1/events\n");
    out.append("  Kafka            ").append(broker.bootstrapServers()).append('\n');
    out.append("  Schema registry  ").append(registry.url()).append('\n');
    out.append("  Metrics          ").append(ingestUrl).append("/metrics  ").append(queryUrl).append("/metrics\n");
    if (queryUrls.size() > 1) {
      out.append("  Instances        ").append(queryUrl).append("/v1/instances  (partitions, standbys, lag; needs the token)\n");
    }
    out.append("  Logs             ").append(dataDir.resolve("graduation-local.log")).append("\n\n");
    out.append("Post an event:\n");
    out.append("  curl -i -X POST ").append(ingestUrl).append("/v1/events \\\n")
        .append("    -H 'Authorization: Bearer ").append(ingestToken).append("' -H 'Content-Type: application/json' \\\n")
        .append("    -d '{\"eventId\":\"my-first-event\",\"appId\":\"my-app\",\"timestamp\":\"").append(now)
        .append("\",\"method\":\"GET\",\"path\":\"/restapi/v1.0/account/~/extension/~/call-log\",\"status\":200}'\n\n");
    out.append("Is it eligible, and why not?\n");
    List<String> apps = noDemo ? List.of("my-app") : new ArrayList<>(DemoTraffic.APPS.keySet());
    for (String app : apps) {
      String what = DemoTraffic.APPS.getOrDefault(app, "the event above");
      out.append("  # ").append(app).append(": ").append(what).append('\n');
      out.append("  curl -s -H 'Authorization: Bearer ").append(queryToken).append("' ")
          .append(queryUrl).append("/v1/apps/").append(app).append("/eligibility\n");
    }
    out.append("\nStop with Ctrl+C; data stays in ").append(dataDir).append(" (delete it to start afresh).\n");
    say(out.toString());
  }

  synchronized void stop() {
    List<AutoCloseable> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    started.clear();
    for (AutoCloseable closeable : reversed) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.err.println("While stopping: " + e.getMessage());
      }
    }
  }

  private static void say(String text) {
    System.out.println(text);
  }
}
