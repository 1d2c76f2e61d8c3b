package dev.graduation.ingest.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.ingest.IngestConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registrations consumer gets the configuration's Kafka settings (a secured cluster needs
 * them for every client). Seen failing with the putAll of kafkaProperties removed from
 * consumerProperties.
 */
class AppRegistryPropertiesTest {

  @Test
  void kafkaSettingsFromTheConfigurationReachTheRegistrationsConsumer() {
    IngestConfig config =
        IngestConfig.defaults()
            .withKafkaProperties(Map.of(
                "security.protocol", "SSL",
                "ssl.truststore.location", "/etc/truststore.jks",
                "consumer.fetch.max.wait.ms", "100",
                "producer.linger.ms", "7"));

    assertThat(AppRegistry.consumerProperties(config))
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.location", "/etc/truststore.jks")
        .containsEntry("fetch.max.wait.ms", "100")
        .containsEntry("client.id", "ingest-app-registry")
        .doesNotContainKeys("linger.ms", "producer.linger.ms");
  }
}
