package dev.graduation.streams.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What {@code /health/ready} answers, and the {@code streams_ready} gauge (1 ready, 0 not).
 *
 * <p>Ready means the Kafka Streams client is {@code RUNNING}: only then can its state answer
 * queries. An orchestrator takes the instance out of rotation while it is not, and the reason
 * says why: starting, rebalancing or restoring (with the stream-thread failure that caused it, if
 * one did), or stopped for good after more thread failures than the {@link ThreadReplacementLimit}
 * allows. A thread that failed and was replaced leaves the instance ready once it runs again, but
 * the answer keeps the failure count and the latest failure, so the failure is visible even then.
 */
public final class Readiness {

  public static final String GAUGE_NAME = "streams_ready";

  /**
   * The body of {@code /health/ready}. {@code status} is {@code UP} or {@code DOWN} (the key and
   * values every health answer of the project has); the rest extends it.
   *
   * @param state the Kafka Streams client state ({@code RUNNING}, {@code REBALANCING}, {@code
   *     ERROR}, ...)
   * @param streamThreadFailures stream threads that failed since start
   * @param reason why the instance is not ready; absent when it is
   * @param lastFailure the latest stream-thread failure; absent if none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Report(
      String status, String state, int streamThreadFailures, String reason, StreamThreadFailures.Failure lastFailure) {

    @JsonIgnore
    public boolean isUp() {
      return UP.equals(status);
    }
  }

  private static final String UP = "UP";
  private static final String DOWN = "DOWN";

  private final Supplier<KafkaStreams.State> state;
  private final StreamThreadFailures failures;

  /** @param state the client's state; null before the client exists */
  public Readiness(Supplier<KafkaStreams.State> state, StreamThreadFailures failures, MeterRegistry meters) {
    this.state = state;
    this.failures = failures;
    Gauge.builder(GAUGE_NAME, this, readiness -> readiness.report().isUp() ? 1 : 0)
        .description("1 while the streams client is RUNNING (ready for queries), else 0")
        .register(meters);
  }

  public Report report() {
    KafkaStreams.State current = state.get();
    StreamThreadFailures.Failure last = failures.last();
    String stateName = current == null ? KafkaStreams.State.CREATED.name() : current.name();
    if (current == KafkaStreams.State.RUNNING) {
      return new Report(UP, stateName, failures.total(), null, last);
    }
    return new Report(DOWN, stateName, failures.total(), reason(current, last), last);
  }

  private String reason(KafkaStreams.State current, StreamThreadFailures.Failure last) {
    String shutdown = failures.shutdownReason();
    if (shutdown != null) {
      return shutdown;
    }
    String afterFailure = last == null ? "" : "; the latest stream-thread failure: " + last.message();
    if (current == null || current == KafkaStreams.State.CREATED) {
      return "starting";
    }
    return switch (current) {
      case REBALANCING -> "tasks are being assigned or their state restored" + afterFailure;
      case PENDING_SHUTDOWN, NOT_RUNNING -> "shutting down";
      case PENDING_ERROR, ERROR -> "stream processing stopped after an unrecoverable error" + afterFailure;
      default -> "not running" + afterFailure;
    };
  }
}
