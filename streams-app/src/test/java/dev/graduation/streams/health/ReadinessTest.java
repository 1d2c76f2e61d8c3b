package dev.graduation.streams.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The stream-thread handler and what readiness makes of it. Seen failing with the handler
 * answering REPLACE_THREAD always: the second failure was replaced ("expected: SHUTDOWN_CLIENT but
 * was: REPLACE_THREAD").
 */
class ReadinessTest {

  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StreamThreadFailures failures =
      new StreamThreadFailures(
          "app-id", new ReplacementBudget(new ThreadReplacementLimit(1, Duration.ofMinutes(10)), clock), clock, meters);
  private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
  private final Readiness readiness = new Readiness(state::get, failures, meters);

  private static StreamsException failureInTask(Exception cause) {
    return new StreamsException(new StreamsException("Exception caught in process. taskId=0_2", cause), new TaskId(0, 2));
  }

  private String body() throws Exception {
    return JSON.writeValueAsString(readiness.report());
  }

  private double ready() {
    return meters.get(Readiness.GAUGE_NAME).gauge().value();
  }

  @Test
  void aRunningClientIsUpWithNoFailures() throws Exception {
    assertThat(body()).isEqualTo("{\"status\":\"UP\",\"state\":\"RUNNING\",\"streamThreadFailures\":0}");
    assertThat(ready()).isEqualTo(1.0);
  }

  @Test
  void aReplacedThreadIsReportedThenTheNextFailureShutsTheClientDown() throws Exception {
    IllegalStateException bug = new IllegalStateException("planted enrichment bug");

    assertThat(failures.handle(failureInTask(bug))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    state.set(KafkaStreams.State.REBALANCING);
    assertThat(body()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"REBALANCING\",\"streamThreadFailures\":1,"
        + "\"reason\":\"tasks are being assigned or their state restored; the latest stream-thread failure: "
        + "planted enrichment bug\","
        + "\"lastFailure\":{\"at\":\"2026-01-05T10:00:00Z\",\"task\":\"0_2\",\"message\":\"planted enrichment bug\"}}");
    state.set(KafkaStreams.State.RUNNING);
    assertThat(readiness.report().status()).isEqualTo("UP");
    assertThat(readiness.report().streamThreadFailures()).isEqualTo(1);

    assertThat(failures.handle(failureInTask(bug))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    state.set(KafkaStreams.State.ERROR);
    assertThat(readiness.report().reason())
        .isEqualTo("stream processing stopped: a stream thread failed 2 times within 10 min (at most 1 are replaced)"
            + " in task 0_2: planted enrichment bug");
    assertThat(readiness.report().status()).isEqualTo("DOWN");
    assertThat(ready()).isEqualTo(0.0);
    assertThat(meters.get(StreamThreadFailures.COUNTER_NAME).tag("exception", "IllegalStateException").counter().count())
        .isEqualTo(2.0);
  }

  /**
   * Credentials revoked while running: replacing the thread would be refused the same way, so the
   * client stops at the first failure and readiness names the settings to check. Seen failing
   * without the check: REPLACE_THREAD, and the reason was the generic one.
   */
  @Test
  void refusedCredentialsShutTheClientDownAtOnceSayingWhichSettingsToCheck() {
    StreamThreadFailures secured =
        new StreamThreadFailures(
            "app-id", new ReplacementBudget(new ThreadReplacementLimit(3, Duration.ofMinutes(10)), clock), clock,
            meters, Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    Readiness securedReadiness = new Readiness(() -> KafkaStreams.State.ERROR, secured, new SimpleMeterRegistry());

    assertThat(secured.handle(failureInTask(new SaslAuthenticationException("Authentication failed during authentication"
        + " due to invalid credentials with SASL mechanism SCRAM-SHA-512"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(securedReadiness.report().reason())
        .isEqualTo("stream processing stopped: Kafka refused streams-app's credentials (authentication failed:"
            + " Authentication failed during authentication due to invalid credentials with SASL mechanism"
            + " SCRAM-SHA-512); check kafka.sasl.jaas.config (user and password), kafka.sasl.mechanism"
            + " (SCRAM-SHA-512) and kafka.security.protocol (SASL_SSL)");
  }

  /** The field failure: a changelog record over the producer's max.request.size. */
  @Test
  void theReasonIsTheRootCausesMessageOnOneLineWithoutClassNames() {
    failures.handle(new StreamsException("Error encountered sending record to topic x-changelog for task 0_4 due to:\n"
        + "org.apache.kafka.common.errors.RecordTooLargeException: The message is 1164483 bytes",
        new RecordTooLargeException("The message is 1164483 bytes when serialized which is larger than 1048576,\n"
            + "which is the value of the max.request.size configuration.")));

    assertThat(failures.last().message())
        .isEqualTo("The message is 1164483 bytes when serialized which is larger than 1048576, "
            + "which is the value of the max.request.size configuration.");
    assertThat(failures.last().task()).isNull();
    assertThat(meters.get(StreamThreadFailures.COUNTER_NAME).tag("exception", "RecordTooLargeException").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aFailureWithoutAMessageStillGetsAReadableOne() {
    failures.handle(new StreamsException(new NullPointerException()));

    assertThat(failures.last().message()).isEqualTo("an error without a message (see the log)");
  }

  @Test
  void beforeTheClientExistsItIsStarting() {
    state.set(null);

    assertThat(readiness.report().reason()).isEqualTo("starting");
    assertThat(readiness.report().state()).isEqualTo("CREATED");
  }
}
