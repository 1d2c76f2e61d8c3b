package dev.graduation.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.ingest.IngestConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {

  @Test
  void theProducerIsDurableAndItsTimeoutsComeFromTheProduceTimeout() {
    Properties props =
        KafkaPublisher.producerProperties(
            IngestConfig.defaults().withBootstrapServers("k:9092").withProduceTimeout(Duration.ofSeconds(15)));

    assertThat(props)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.in.flight.requests.per.connection", "5")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "5")
        .containsEntry("delivery.timeout.ms", "15000")
        .containsEntry("request.timeout.ms", "7497")
        .containsEntry("max.block.ms", "15000");
  }

  @Test
  void aShortTimeoutStillMakesAConsistentProducerConfig() {
    Properties props =
        KafkaPublisher.producerProperties(IngestConfig.defaults().withProduceTimeout(Duration.ofMillis(100)));

    // The producer refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
    long delivery = Long.parseLong(props.getProperty("delivery.timeout.ms"));
    long linger = Long.parseLong(props.getProperty("linger.ms"));
    long request = Long.parseLong(props.getProperty("request.timeout.ms"));
    assertThat(delivery).isEqualTo(100);
    assertThat(linger + request).isEqualTo(52);
  }

  /**
   * Security and tuning from the configuration reach the producer and the health check's admin
   * client, each only its own prefixed keys, and never the settings a 202 rests on. Seen failing
   * with the putAll of kafkaProperties removed from producerProperties and adminProperties, and
   * with IngestConfig.kafkaProperties ignoring the client prefix.
   */
  @Test
  void kafkaSettingsFromTheConfigurationReachTheProducerAndTheAdminClientButNotTheDurability() {
    IngestConfig config =
        IngestConfig.defaults()
            .withKafkaProperties(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "ScramLoginModule required;",
                "producer.linger.ms", "7",
                "producer.acks", "1",
                "enable.idempotence", "false",
                "consumer.fetch.max.wait.ms", "100",
                "admin.retries", "3"));

    assertThat(KafkaPublisher.producerProperties(config))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "ScramLoginModule required;")
        .containsEntry("linger.ms", "7")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .doesNotContainKeys("fetch.max.wait.ms", "retries", "producer.linger.ms");
    assertThat(KafkaHealth.adminProperties(config, 2000))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", "ScramLoginModule required;")
        .containsEntry("retries", "3")
        .containsEntry("client.id", "ingest-health")
        .doesNotContainKeys("linger.ms", "fetch.max.wait.ms");
  }
}
