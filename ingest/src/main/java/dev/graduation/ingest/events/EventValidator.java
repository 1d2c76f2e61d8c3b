package dev.graduation.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import dev.graduation.ingest.events.EventFields.Field;
import dev.graduation.ingest.events.EventFields.Kind;
import dev.graduation.ingest.events.ValidationResult.Invalid;
import dev.graduation.ingest.events.ValidationResult.Valid;
import dev.graduation.schemas.AppIds;
import dev.graduation.schemas.HttpMethods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Turns one JSON event (contract section 3) into an {@link ApiCallEvent}, or says which field is
 * wrong and why. Pure: no I/O, time comes from the clock it is given. The event comes as the {@link
 * EventFields} that {@link EventStreamReader#openFields} reads off the parser, or as a JSON tree
 * (reduced to the same {@link EventFields}, so both give the same answer).
 *
 * <p>Fields are checked in contract order and the first problem is reported, so an event always has
 * exactly one reason and the reason strings stay stable. Unknown fields are ignored (a newer
 * gateway may send more). Types are strict: a number sent as a string, a float for an integer
 * field or a boolean is rejected, never coerced, because a gateway that sends them has a bug that
 * coercion would hide. JSON {@code null} counts as absent.
 */
public final class EventValidator {

  /** The fields the validator reads; a reader may drop every other field before validating. */
  public static final Set<String> FIELDS =
      Set.of("eventId", "appId", "timestamp", "method", "path", "status", "latencyMs", "environment");

  public static final int MAX_EVENT_ID_LENGTH = 128;
  public static final int MAX_PATH_LENGTH = 2048;
  public static final List<String> METHODS = HttpMethods.ALL;
  /** {@link #METHODS} as an array, for the reader to match values against without making strings. */
  static final String[] METHOD_NAMES = METHODS.toArray(String[]::new);

  static final String EVENT_NOT_OBJECT = "must be a JSON object";
  static final String REQUIRED = "required";
  static final String EVENT_ID_TYPE = "must be a string";
  static final String EVENT_ID_LENGTH = "must be 1-" + MAX_EVENT_ID_LENGTH + " characters";
  static final String APP_ID_FORMAT = AppIds.RULE;
  static final String TIMESTAMP_FORMAT = "must be an RFC 3339 date-time or epoch milliseconds";
  static final String METHOD_VALUE = "must be one of " + String.join(", ", METHODS);
  static final String PATH_TYPE = "must be a string";
  static final String PATH_START = "must start with /";
  static final String PATH_LENGTH = "longer than " + MAX_PATH_LENGTH + " characters";
  static final String STATUS_VALUE = "must be an integer 100-599";
  static final String LATENCY_VALUE = "must be an integer >= 0";
  static final String ENVIRONMENT_VALUE = "must be sandbox or production";

  private final Clock clock;
  private final Duration maxFutureSkew;
  private final Duration maxAge;
  private final String tooFarAhead;
  private final String tooOld;

  /**
   * @param clock the service's clock: "now" for the timestamp bounds and {@code receivedAt}
   * @param maxFutureSkew a timestamp exactly this far ahead is accepted, one millisecond more not
   * @param maxAge a timestamp exactly this old is accepted, one millisecond older not
   */
  public EventValidator(Clock clock, Duration maxFutureSkew, Duration maxAge) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxAge = maxAge;
    this.tooFarAhead = "more than " + Durations.describe(maxFutureSkew) + " in the future";
    this.tooOld = "more than " + Durations.describe(maxAge) + " in the past";
  }

  /** Validates a JSON tree: the same as {@link #validate(EventFields)} of its {@link EventFields}. */
  public ValidationResult validate(JsonNode event) {
    return validate(EventFields.of(event));
  }

  public ValidationResult validate(EventFields event) {
    if (!event.isObject()) {
      return Invalid.of("event", EVENT_NOT_OBJECT);
    }
    Kind eventId = event.kind(Field.EVENT_ID);
    if (eventId == Kind.ABSENT) {
      return Invalid.of("eventId", REQUIRED);
    }
    if (eventId != Kind.STRING) {
      return Invalid.of("eventId", EVENT_ID_TYPE);
    }
    String eventIdText = event.string(Field.EVENT_ID);
    int eventIdLength = codePoints(eventIdText);
    if (eventIdLength < 1 || eventIdLength > MAX_EVENT_ID_LENGTH) {
      return Invalid.of("eventId", EVENT_ID_LENGTH);
    }

    Kind appId = event.kind(Field.APP_ID);
    if (appId == Kind.ABSENT) {
      return Invalid.of("appId", REQUIRED);
    }
    if (appId != Kind.STRING || !AppIds.isValid(event.string(Field.APP_ID))) {
      return Invalid.of("appId", APP_ID_FORMAT);
    }

    if (event.kind(Field.TIMESTAMP) == Kind.ABSENT) {
      return Invalid.of("timestamp", REQUIRED);
    }
    Instant eventTime = parseTimestamp(event);
    if (eventTime == null) {
      return Invalid.of("timestamp", TIMESTAMP_FORMAT);
    }
    Instant now = clock.instant();
    // Compared after truncation to milliseconds: the bound applies to what is stored.
    if (eventTime.isAfter(now.plus(maxFutureSkew))) {
      return Invalid.of("timestamp", tooFarAhead);
    }
    if (eventTime.isBefore(now.minus(maxAge))) {
      return Invalid.of("timestamp", tooOld);
    }

    Kind method = event.kind(Field.METHOD);
    if (method == Kind.ABSENT) {
      return Invalid.of("method", REQUIRED);
    }
    if (method != Kind.STRING || !METHODS.contains(event.string(Field.METHOD))) {
      return Invalid.of("method", METHOD_VALUE);
    }

    Kind path = event.kind(Field.PATH);
    if (path == Kind.ABSENT) {
      return Invalid.of("path", REQUIRED);
    }
    if (path != Kind.STRING) {
      return Invalid.of("path", PATH_TYPE);
    }
    String pathText = event.string(Field.PATH);
    if (!pathText.startsWith("/")) {
      return Invalid.of("path", PATH_START);
    }
    if (codePoints(pathText) > MAX_PATH_LENGTH) {
      return Invalid.of("path", PATH_LENGTH);
    }
    String pathProblem = ApiPaths.problem(pathText);
    if (pathProblem != null) {
      return Invalid.of("path", pathProblem);
    }

    Kind status = event.kind(Field.STATUS);
    if (status == Kind.ABSENT) {
      return Invalid.of("status", REQUIRED);
    }
    long statusValue = event.integer(Field.STATUS);
    if (status != Kind.INTEGER || statusValue < 100 || statusValue > 599) {
      return Invalid.of("status", STATUS_VALUE);
    }

    Kind latency = event.kind(Field.LATENCY_MS);
    Long latencyMs = null;
    if (latency != Kind.ABSENT) {
      long latencyValue = event.integer(Field.LATENCY_MS);
      if (latency != Kind.INTEGER || latencyValue < 0) {
        return Invalid.of("latencyMs", LATENCY_VALUE);
      }
      latencyMs = latencyValue;
    }

    Kind environment = event.kind(Field.ENVIRONMENT);
    Environment environmentValue = Environment.sandbox;
    if (environment != Kind.ABSENT) {
      if (environment != Kind.STRING) {
        return Invalid.of("environment", ENVIRONMENT_VALUE);
      }
      switch (event.string(Field.ENVIRONMENT)) {
        case "sandbox" -> environmentValue = Environment.sandbox;
        case "production" -> environmentValue = Environment.production;
        default -> {
          return Invalid.of("environment", ENVIRONMENT_VALUE);
        }
      }
    }

    // The all-args constructor, not the builder: every field is set and checked above, and the
    // builder's per-field schema checks and default lookups cost ~8 % of reading and validating.
    return new Valid(
        new ApiCallEvent(
            eventIdText,
            event.string(Field.APP_ID),
            eventTime,
            event.string(Field.METHOD),
            pathText,
            (int) statusValue,
            latencyMs,
            environmentValue,
            now.truncatedTo(ChronoUnit.MILLIS)));
  }


  /**
   * Epoch milliseconds (an integral JSON number that fits a long) or an RFC 3339 string, in UTC and
   * truncated to milliseconds (the Avro field is timestamp-millis); null when neither.
   */
  static Instant parseTimestamp(EventFields event) {
    return switch (event.kind(Field.TIMESTAMP)) {
      case INTEGER -> Instant.ofEpochMilli(event.integer(Field.TIMESTAMP));
      case STRING -> Rfc3339.parse(event.string(Field.TIMESTAMP));
      default -> null;
    };
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
