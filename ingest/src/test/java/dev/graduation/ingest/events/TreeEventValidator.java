package dev.graduation.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import dev.graduation.ingest.events.ValidationResult.Invalid;
import dev.graduation.ingest.events.ValidationResult.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The oracle for {@code EventPipelineEquivalenceTest}: {@link EventValidator} as it was before
 * ingest read events into {@link EventFields} (a JSON tree, the timestamp formatter alone, the appId
 * regex, the Avro builder), kept verbatim apart from this comment, the name, what only the
 * production class needs, and the later path rule of {@link ApiPaths} (a rule both must apply). The faster validator must answer exactly as this one for every event.
 *
 * <p>Original description: turns one JSON event (contract section 3) into an {@link ApiCallEvent},
 * or says which field is wrong and why. Pure: no I/O, time comes from the clock it is given.
 *
 * <p>Fields are checked in contract order and the first problem is reported, so an event always has
 * exactly one reason and the reason strings stay stable. Unknown fields are ignored (a newer
 * gateway may send more). Types are strict: a number sent as a string, a float for an integer
 * field or a boolean is rejected, never coerced, because a gateway that sends them has a bug that
 * coercion would hide. JSON {@code null} counts as absent.
 */
final class TreeEventValidator {

  /** The fields the validator reads; a reader may drop every other field before validating. */
  public static final Set<String> FIELDS =
      Set.of("eventId", "appId", "timestamp", "method", "path", "status", "latencyMs", "environment");

  public static final int MAX_EVENT_ID_LENGTH = 128;
  public static final int MAX_PATH_LENGTH = 2048;
  public static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  public static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  /**
   * RFC 3339 {@code date-time}: seconds required, 1-9 fraction digits, offset {@code Z} or
   * {@code +hh:mm}; {@code T} and {@code Z} in either case (RFC 3339 section 5.6, note 1). Stricter
   * than {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also takes "10:00Z" and "+02".
   */
  static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  static final String EVENT_NOT_OBJECT = "must be a JSON object";
  static final String REQUIRED = "required";
  static final String EVENT_ID_TYPE = "must be a string";
  static final String EVENT_ID_LENGTH = "must be 1-" + MAX_EVENT_ID_LENGTH + " characters";
  static final String APP_ID_FORMAT = "must match " + APP_ID.pattern();
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
  TreeEventValidator(Clock clock, Duration maxFutureSkew, Duration maxAge) {
    this.clock = clock;
    this.maxFutureSkew = maxFutureSkew;
    this.maxAge = maxAge;
    this.tooFarAhead = "more than " + Durations.describe(maxFutureSkew) + " in the future";
    this.tooOld = "more than " + Durations.describe(maxAge) + " in the past";
  }

  public ValidationResult validate(JsonNode event) {
    if (event == null || !event.isObject()) {
      return Invalid.of("event", EVENT_NOT_OBJECT);
    }
    ApiCallEvent.Builder out = ApiCallEvent.newBuilder();

    JsonNode eventId = field(event, "eventId");
    if (eventId == null) {
      return Invalid.of("eventId", REQUIRED);
    }
    if (!eventId.isTextual()) {
      return Invalid.of("eventId", EVENT_ID_TYPE);
    }
    int eventIdLength = codePoints(eventId.textValue());
    if (eventIdLength < 1 || eventIdLength > MAX_EVENT_ID_LENGTH) {
      return Invalid.of("eventId", EVENT_ID_LENGTH);
    }
    out.setEventId(eventId.textValue());

    JsonNode appId = field(event, "appId");
    if (appId == null) {
      return Invalid.of("appId", REQUIRED);
    }
    if (!appId.isTextual() || !APP_ID.matcher(appId.textValue()).matches()) {
      return Invalid.of("appId", APP_ID_FORMAT);
    }
    out.setAppId(appId.textValue());

    JsonNode timestamp = field(event, "timestamp");
    if (timestamp == null) {
      return Invalid.of("timestamp", REQUIRED);
    }
    Instant eventTime = parseTimestamp(timestamp);
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
    out.setTimestamp(eventTime);

    JsonNode method = field(event, "method");
    if (method == null) {
      return Invalid.of("method", REQUIRED);
    }
    if (!method.isTextual() || !METHODS.contains(method.textValue())) {
      return Invalid.of("method", METHOD_VALUE);
    }
    out.setMethod(method.textValue());

    JsonNode path = field(event, "path");
    if (path == null) {
      return Invalid.of("path", REQUIRED);
    }
    if (!path.isTextual()) {
      return Invalid.of("path", PATH_TYPE);
    }
    String pathText = path.textValue();
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
    out.setPath(pathText);

    JsonNode status = field(event, "status");
    if (status == null) {
      return Invalid.of("status", REQUIRED);
    }
    if (!status.isIntegralNumber()
        || !status.canConvertToInt()
        || status.intValue() < 100
        || status.intValue() > 599) {
      return Invalid.of("status", STATUS_VALUE);
    }
    out.setStatus(status.intValue());

    JsonNode latency = field(event, "latencyMs");
    if (latency != null) {
      if (!latency.isIntegralNumber() || !latency.canConvertToLong() || latency.longValue() < 0) {
        return Invalid.of("latencyMs", LATENCY_VALUE);
      }
      out.setLatencyMs(latency.longValue());
    } else {
      out.setLatencyMs(null);
    }

    JsonNode environment = field(event, "environment");
    if (environment != null) {
      if (!environment.isTextual()) {
        return Invalid.of("environment", ENVIRONMENT_VALUE);
      }
      switch (environment.textValue()) {
        case "sandbox" -> out.setEnvironment(Environment.sandbox);
        case "production" -> out.setEnvironment(Environment.production);
        default -> {
          return Invalid.of("environment", ENVIRONMENT_VALUE);
        }
      }
    } else {
      out.setEnvironment(Environment.sandbox);
    }

    out.setReceivedAt(now.truncatedTo(ChronoUnit.MILLIS));
    return new Valid(out.build());
  }

  /** The field's value, or null when it is absent or JSON null. */
  private static JsonNode field(JsonNode event, String name) {
    JsonNode value = event.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /**
   * Epoch milliseconds (an integral JSON number that fits a long) or an RFC 3339 string, in UTC and
   * truncated to milliseconds (the Avro field is timestamp-millis); null when neither.
   */
  static Instant parseTimestamp(JsonNode timestamp) {
    if (timestamp.isIntegralNumber()) {
      return timestamp.canConvertToLong() ? Instant.ofEpochMilli(timestamp.longValue()) : null;
    }
    if (!timestamp.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp.textValue(), RFC_3339)
          .toInstant()
          .truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }
}
