package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graduation.streams.StreamsAppConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.Test;

/**
 * A changelog record that cannot be sent fails the task with its own cause, never with a DLQ
 * record built from a context that has none. Seen failing with {@link ProductionFailureHandler}
 * delegating to Kafka's default handler: {@code IllegalArgumentException: Invalid timestamp: -1}.
 */
class ProductionFailureHandlerTest {

  private static final RecordTooLargeException TOO_LARGE =
      new RecordTooLargeException("The message is 1164483 bytes when serialized which is larger than 1048576, "
          + "which is the value of the max.request.size configuration.");
  private static final ProducerRecord<byte[], byte[]> CHANGELOG_RECORD =
      new ProducerRecord<>("graduation-analytics-recent-call-digests-changelog", 3, 1_000L, new byte[8], new byte[64]);

  private static Map<String, Object> appConfigs() {
    Map<String, Object> configs = new HashMap<>();
    StreamsAppConfig.defaults().streamsProperties().forEach((key, value) -> configs.put((String) key, value));
    return configs;
  }

  /** The field failure of issue 21, as Kafka Streams 4.2's default handler meets it. */
  @Test
  void kafkasDefaultHandlerCannotBuildTheDeadLetterOfAChangelogWrite() {
    DefaultProductionExceptionHandler kafkasDefault = new DefaultProductionExceptionHandler();
    kafkasDefault.configure(appConfigs());

    assertThatThrownBy(() -> kafkasDefault.handleError(TestErrorContext.ofChangelogWrite(), CHANGELOG_RECORD, TOO_LARGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid timestamp: -1");
  }

  @Test
  void theAppsHandlerFailsTheTaskWithoutADeadLetter() {
    assertThat(appConfigs()).containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailureHandler.class);
    ProductionFailureHandler handler = new ProductionFailureHandler();
    handler.configure(appConfigs());

    Response response = handler.handleError(TestErrorContext.ofChangelogWrite(), CHANGELOG_RECORD, TOO_LARGE);

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void aRetriableErrorIsRetriedAsByKafkasDefault() {
    ProductionFailureHandler handler = new ProductionFailureHandler();
    handler.configure(appConfigs());

    Response response =
        handler.handleError(TestErrorContext.ofChangelogWrite(), CHANGELOG_RECORD, new NotEnoughReplicasException("x"));

    assertThat(response.result()).isEqualTo(Result.RETRY);
  }
}
