package dev.graduation.embedded;

import static dev.graduation.embedded.RegistryHttp.parse;
import static dev.graduation.embedded.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the stack and starting it again on the same directory (what {@code local} does on every
 * run) keeps topics, records and schema ids.
 */
@Tag("integration")
class RestartIntegrationTest {

  private static final String PAYMENT =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"}]}";
  private static final String COLOR =
      "{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\"]}";
  private static final String SIZE =
      "{\"type\":\"enum\",\"name\":\"Size\",\"symbols\":[\"S\",\"M\",\"L\"]}";

  @TempDir Path dir;

  @Test
  void newInstancesOnTheSameDirectoryKeepRecordsAndSchemaIds() throws Exception {
    List<ApiCallEvent> sent = TestEvents.apiCalls(3L, 200, 10);
    int brokerPort;
    int controllerPort;
    int registryPort;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start();
        EmbeddedSchemaRegistry registry =
            new EmbeddedSchemaRegistry(broker.bootstrapServers(), 0).start()) {
      broker.createTopics(Topics.ALL);
      RegistryHttp http = new RegistryHttp(registry.url());
      assertThat(http.post("/subjects/payments-value/versions", schemaBody(PAYMENT)).body())
          .isEqualTo(parse("{\"id\":1}"));
      assertThat(http.post("/subjects/colors-value/versions", schemaBody(COLOR)).body())
          .isEqualTo(parse("{\"id\":2}"));
      TestRecords.produce(
          broker.bootstrapServers(),
          Topics.API_CALLS,
          serdeConfig(registry),
          sent,
          ApiCallEvent::getAppId);
      brokerPort = broker.port();
      controllerPort = broker.controllerPort();
      registryPort = registry.port();
    }

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder()
                .dataDir(dir)
                .port(brokerPort)
                .controllerPort(controllerPort)
                .build()
                .start();
        EmbeddedSchemaRegistry registry =
            new EmbeddedSchemaRegistry(broker.bootstrapServers(), registryPort).start()) {
      // Creating the topics again is a no-op, as on every local run.
      broker.createTopics(Topics.ALL);
      RegistryHttp http = new RegistryHttp(registry.url());

      assertThat(http.get("/subjects").body())
          .isEqualTo(parse("[\"api-calls-value\",\"colors-value\",\"payments-value\"]"));
      assertThat(http.get("/schemas/ids/1").body()).isEqualTo(parse(schemaBody(PAYMENT)));
      assertThat(http.get("/schemas/ids/2").body()).isEqualTo(parse(schemaBody(COLOR)));
      assertThat(http.get("/schemas/ids/3").body())
          .isEqualTo(parse(schemaBody(ApiCallEvent.getClassSchema().toString())));
      assertThat(http.post("/subjects/payments-value/versions", schemaBody(PAYMENT)).body())
          .isEqualTo(parse("{\"id\":1}"));
      assertThat(http.post("/subjects/sizes-value/versions", schemaBody(SIZE)).body())
          .isEqualTo(parse("{\"id\":4}"));

      List<ConsumerRecord<String, ApiCallEvent>> received =
          TestRecords.readAll(broker.bootstrapServers(), Topics.API_CALLS, serdeConfig(registry), 200);
      assertThat(TestRecords.endOffsetSum(broker.bootstrapServers(), Topics.API_CALLS)).isEqualTo(200);
      assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void stopAndStartKeepTheBrokerOnItsPortsWithItsData() throws Exception {
    List<ApiCallEvent> sent = TestEvents.apiCalls(5L, 50, 5);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).build().start();
        EmbeddedSchemaRegistry registry =
            new EmbeddedSchemaRegistry(broker.bootstrapServers(), 0).start()) {
      broker.createTopics(Topics.ALL);
      String bootstrap = broker.bootstrapServers();
      TestRecords.produce(bootstrap, Topics.API_CALLS, serdeConfig(registry), sent, ApiCallEvent::getAppId);

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      broker.start();

      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
      List<ConsumerRecord<String, ApiCallEvent>> received =
          TestRecords.readAll(bootstrap, Topics.API_CALLS, serdeConfig(registry), 50);
      assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
      // The registry's producer reconnects by itself: a new schema is written and answered.
      assertThat(
              new RegistryHttp(registry.url())
                  .post("/subjects/sizes-value/versions", schemaBody(SIZE))
                  .body())
          .isEqualTo(parse("{\"id\":2}"));
    }
  }

  private static Map<String, Object> serdeConfig(EmbeddedSchemaRegistry registry) {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
  }
}
