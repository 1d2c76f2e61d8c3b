package dev.graduation.streams.health;

import dev.graduation.config.KafkaCredentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uncaught-exception handler of the stream threads: replaces a failed thread while the
 * {@link ReplacementBudget} allows, then shuts the client down ({@code SHUTDOWN_CLIENT}). Each
 * failure is one log line, a tick of {@code streams_thread_failures_total{exception}}, and what
 * {@link Readiness} reports.
 *
 * <p>Why {@code SHUTDOWN_CLIENT} and not {@code SHUTDOWN_APPLICATION}: the latter stops every
 * instance of the application id, the healthy partitions' too, for a cause that may be local to
 * this instance (its disk, its state directory, its memory). Shutting this client down hands its
 * tasks to the other instances; a deterministic bug then fails them in turn, each one reporting
 * it on {@code /health/ready} and on the metric, which is what an alert and an operator need. The
 * process keeps running, so that readiness and metrics can tell why it stopped processing.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

  public static final String COUNTER_NAME = "streams_thread_failures";

  private static final Logger log = LoggerFactory.getLogger(StreamThreadFailures.class);
  /** Readiness answers are for people and dashboards: an exception's message is cut here. */
  private static final int MAX_MESSAGE_CHARS = 300;

  /** One failure as readiness shows it: when, in which task if known, and the cause's message. */
  public record Failure(String at, String task, String message) {}

  private final String applicationId;
  private final ReplacementBudget budget;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<String, ?> kafkaSettings;
  private final AtomicInteger total = new AtomicInteger();
  private volatile Failure last;
  private volatile String shutdownReason;

  public StreamThreadFailures(String applicationId, ReplacementBudget budget, Clock clock, MeterRegistry meters) {
    this(applicationId, budget, clock, meters, Map.of());
  }

  /**
   * @param kafkaSettings the client's Kafka settings, to name the ones to check when Kafka
   *     refuses the credentials
   */
  public StreamThreadFailures(
      String applicationId, ReplacementBudget budget, Clock clock, MeterRegistry meters, Map<String, ?> kafkaSettings) {
    this.applicationId = applicationId;
    this.budget = budget;
    this.clock = clock;
    this.meters = meters;
    this.kafkaSettings = Collections.unmodifiableMap(new HashMap<>(kafkaSettings));
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    Throwable cause = rootCause(exception);
    String task =
        exception instanceof StreamsException streams ? streams.taskId().map(Object::toString).orElse(null) : null;
    Failure failure = new Failure(Instant.now(clock).toString(), task, message(cause));
    last = failure;
    total.incrementAndGet();
    Counter.builder(COUNTER_NAME)
        .description("Stream threads that died of an exception (each was replaced or shut the client down)")
        .tag("exception", cause.getClass().getSimpleName())
        .register(meters)
        .increment();
    String refusal = KafkaCredentials.refusal("streams-app", kafkaSettings, exception);
    if (refusal != null) {
      // A replacement would be refused the same way: stop at once, and say why.
      shutdownReason = "stream processing stopped: " + refusal;
      log.error("{}: {}; shutting the client down", applicationId, refusal);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    boolean replace = budget.replaceAfterFailure();
    int inWindow = budget.failuresInWindow();
    ThreadReplacementLimit limit = budget.limit();
    String where = task == null ? "" : " in task " + task;
    if (replace) {
      log.error("{}: stream thread {} failed{} ({} of at most {} replacements within {}); replacing it: {}",
          applicationId, Thread.currentThread().getName(), where, inWindow, limit.maxReplacements(),
          human(limit.window()), logged(cause));
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    shutdownReason = String.format(
        "stream processing stopped: a stream thread failed %d times within %s (at most %d are replaced)%s: %s",
        inWindow, human(limit.window()), limit.maxReplacements(), where, failure.message());
    log.error("{}: stream thread {} failed{} {} times within {}, more than the {} replacements allowed; "
            + "shutting the client down: {}",
        applicationId, Thread.currentThread().getName(), where, inWindow, human(limit.window()),
        limit.maxReplacements(), logged(cause));
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Stream-thread failures since start. */
  public int total() {
    return total.get();
  }

  /** The latest failure, or null. */
  public Failure last() {
    return last;
  }

  /** Why the client was shut down, or null while it was not. */
  public String shutdownReason() {
    return shutdownReason;
  }

  /** Kafka Streams wraps the failure in its own exceptions; the innermost one says what broke. */
  static Throwable rootCause(Throwable exception) {
    Throwable cause = exception;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The cause's message on one line and cut to a readable length; never a class name. */
  static String message(Throwable cause) {
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return "an error without a message (see the log)";
    }
    String oneLine = message.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : oneLine.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  /** The cause for the log line: its class (the log is for developers) and its message. */
  private static String logged(Throwable cause) {
    return cause.getClass().getName() + ": " + message(cause);
  }

  /** "10 min", "90 s", "2 h": for readiness answers and logs. */
  static String human(Duration duration) {
    if (duration.toSeconds() % 3600 == 0) {
      return duration.toHours() + " h";
    }
    if (duration.toSeconds() % 60 == 0) {
      return duration.toMinutes() + " min";
    }
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
