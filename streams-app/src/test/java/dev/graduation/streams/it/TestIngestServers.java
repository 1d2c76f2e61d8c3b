package dev.graduation.streams.it;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;

/** Ingest in front of a test's broker and registry: loopback, ephemeral port, one token. */
public final class TestIngestServers {

  private TestIngestServers() {}

  public static IngestServer on(KafkaStackExtension kafka, String token) {
    return IngestServer.start(IngestConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        .withBootstrapServers(kafka.bootstrapServers())
        .withSchemaRegistryUrl(kafka.schemaRegistryUrl())
        .withTokens(token));
  }
}
