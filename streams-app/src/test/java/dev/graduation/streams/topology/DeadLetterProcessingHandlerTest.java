package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Only impossible records are dead-lettered; every other processing failure fails the task. Seen
 * failing on the handler before this change (log-and-continue on every exception): the planted
 * bug was answered RESUME with a DLQ record, and so was the punctuation's failure.
 */
class DeadLetterProcessingHandlerTest {

  private static final byte[] KEY = "app-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {0, 0, 0, 0, 1, 42};

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();

  @BeforeEach
  void configure() {
    Map<String, Object> configs = new HashMap<>();
    StreamsAppConfig.defaults().streamsProperties().forEach((key, value) -> configs.put((String) key, value));
    configs.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, meters);
    handler.configure(configs);
  }

  private double deadLetters() {
    return meters.get(DeadLetterDeserializationHandler.COUNTER_NAME).tag("reason", "processing").counter().count();
  }

  @Test
  void anImpossibleRecordGoesToTheDlqRawWithItsSourceAndProcessingGoesOn() {
    Response response =
        handler.handleError(
            TestErrorContext.ofRecord(17, KEY, VALUE),
            new Record<>("app-1", null, 1_000L),
            new ImpossibleEventException("status 999 is not an HTTP status"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
    assertThat(dead.topic()).isEqualTo(Topics.API_CALLS_DLQ.name());
    assertThat(dead.key()).isEqualTo(KEY);
    assertThat(dead.value()).isEqualTo(VALUE);
    assertThat(new String(dead.headers().lastHeader("__streams.errors.offset").value(), StandardCharsets.UTF_8))
        .isEqualTo("17");
    assertThat(deadLetters()).isEqualTo(1.0);
  }

  @Test
  void anyOtherExceptionFailsTheTaskAndNothingIsDeadLettered() {
    Response response =
        handler.handleError(
            TestErrorContext.ofRecord(18, KEY, VALUE),
            new Record<>("app-1", null, 1_000L),
            new IllegalStateException("a bug in counting"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(deadLetters()).isZero();
  }

  /** A punctuation has no source record: there is nothing to dead-letter, so it fails loudly. */
  @Test
  void aFailureWithoutASourceRecordIsNeverDeadLettered() {
    Response response =
        handler.handleError(
            TestErrorContext.ofPunctuation(), null, new ImpossibleEventException("cannot happen in a punctuation"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(deadLetters()).isZero();
  }
}
