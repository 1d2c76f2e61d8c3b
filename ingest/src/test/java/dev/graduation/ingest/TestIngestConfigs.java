package dev.graduation.ingest;

import dev.graduation.embedded.KafkaStackExtension;

/** Ingest on loopback and an ephemeral port, writing to a test class's broker and registry. */
final class TestIngestConfigs {

  private TestIngestConfigs() {}

  static IngestConfig onBroker(KafkaStackExtension kafka, String token) {
    return IngestConfig.defaults()
        .withHost("127.0.0.1")
        .withPort(0)
        .withBootstrapServers(kafka.bootstrapServers())
        .withSchemaRegistryUrl(kafka.schemaRegistryUrl())
        .withTokens(token);
  }
}
