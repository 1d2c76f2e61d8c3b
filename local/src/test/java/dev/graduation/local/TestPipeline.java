package dev.graduation.local;

import static org.awaitility.Awaitility.await;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Ingest and streams-app on a test's broker, on loopback and ephemeral ports. */
final class TestPipeline implements AutoCloseable {

  private final IngestServer ingest;
  private final StreamsApp streams;

  private TestPipeline(IngestServer ingest, StreamsApp streams) {
    this.ingest = ingest;
    this.streams = streams;
  }

  static TestPipeline start(
      KafkaStackExtension kafka, String applicationId, Path stateDir, String ingestToken, String queryToken) {
    return start(
        ingestConfig(kafka, ingestToken), streamsConfig(kafka, applicationId, stateDir, queryToken).build(),
        ingestToken);
  }

  /** Ingest on loopback, an ephemeral port, the stack's PLAINTEXT listener and registry. */
  static IngestConfig ingestConfig(KafkaStackExtension kafka, String ingestToken) {
    return ingestConfig(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), ingestToken);
  }

  /** Ingest on loopback and an ephemeral port, with this Kafka and registry. */
  static IngestConfig ingestConfig(String bootstrapServers, String schemaRegistryUrl, String ingestToken) {
    return IngestConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        .withBootstrapServers(bootstrapServers)
        .withSchemaRegistryUrl(schemaRegistryUrl)
        .withTokens(List.of(ingestToken));
  }

  /** streams-app on loopback, an ephemeral port, one thread, the stack's PLAINTEXT listener. */
  static StreamsAppConfig.Builder streamsConfig(
      KafkaStackExtension kafka, String applicationId, Path stateDir, String queryToken) {
    return streamsConfig(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), applicationId, stateDir, queryToken);
  }

  /** streams-app on loopback, an ephemeral port, one thread, replication factor 1, this Kafka and registry. */
  static StreamsAppConfig.Builder streamsConfig(
      String bootstrapServers, String schemaRegistryUrl, String applicationId, Path stateDir, String queryToken) {
    return StreamsAppConfig.defaults().toBuilder()
        .applicationId(applicationId)
        .bootstrapServers(bootstrapServers)
        .schemaRegistryUrl(schemaRegistryUrl)
        .stateDir(stateDir)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .queryTokens(List.of(queryToken))
        .streamThreads(1)
        .replicationFactor(1);
  }

  /** Both services with these configurations, once ingest is ready. */
  static TestPipeline start(IngestConfig ingestConfig, StreamsAppConfig streamsConfig, String ingestToken) {
    IngestServer ingest = IngestServer.start(ingestConfig);
    StreamsApp streams;
    try {
      streams = StreamsApp.start(streamsConfig, Clock.systemUTC());
    } catch (RuntimeException e) {
      ingest.close();
      throw e;
    }
    TestPipeline pipeline = new TestPipeline(ingest, streams);
    // Ingest answers 503 until it has read the registrations already on the topic.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Http.get(pipeline.ingestUrl() + "/health/ready", ingestToken).status() == 200);
    return pipeline;
  }

  IngestServer ingest() {
    return ingest;
  }

  StreamsApp streams() {
    return streams;
  }

  String ingestUrl() {
    return "http://127.0.0.1:" + ingest.port();
  }

  String queryUrl() {
    return "http://127.0.0.1:" + streams.httpPort();
  }

  @Override
  public void close() {
    streams.close();
    ingest.close();
  }
}
