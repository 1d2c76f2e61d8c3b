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
    IngestServer ingest =
        IngestServer.start(
            IngestConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withBootstrapServers(kafka.bootstrapServers())
                .withSchemaRegistryUrl(kafka.schemaRegistryUrl())
                .withTokens(List.of(ingestToken)));
    StreamsApp streams =
        StreamsApp.start(
            StreamsAppConfig.defaults().toBuilder()
                .applicationId(applicationId)
                .bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(kafka.schemaRegistryUrl())
                .stateDir(stateDir)
                .httpHost("127.0.0.1")
                .httpPort(0)
                .queryTokens(List.of(queryToken))
                .streamThreads(1)
                .replicationFactor(1)
                .build(),
            Clock.systemUTC());
    TestPipeline pipeline = new TestPipeline(ingest, streams);
    // Ingest answers 503 until it has read the registrations already on the topic.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Http.get(pipeline.ingestUrl() + "/health/ready", ingestToken).status() == 200);
    return pipeline;
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
