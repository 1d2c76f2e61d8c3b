package dev.graduation.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import dev.graduation.ingest.events.ValidationResult.Invalid;
import dev.graduation.ingest.events.ValidationResult.Valid;
import dev.graduation.schemas.AppIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** "Now" for every test: a Monday morning in UTC. */
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static final long NOW_MS = NOW.toEpochMilli();

  private final EventValidator validator =
      new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5), Duration.ofDays(30));

  /** A valid event with every field; tests change one field at a time. */
  private static ObjectNode event() {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventId", "evt-1");
    event.put("appId", "app.one_2-x");
    event.put("timestamp", "2026-01-05T09:59:00Z");
    event.put("method", "GET");
    event.put("path", "/restapi/v1.0/account/~/extension/~/call-log?view=Simple");
    event.put("status", 200);
    event.put("latencyMs", 42);
    event.put("environment", "production");
    return event;
  }

  private ValidationResult validate(String json) throws Exception {
    return validator.validate(JSON.readTree(json));
  }

  private ApiCallEvent valid(JsonNode event) {
    ValidationResult result = validator.validate(event);
    assertThat(result).isInstanceOf(Valid.class);
    return ((Valid) result).event();
  }

  @Test
  void aCompleteEventBecomesAnApiCallEvent() {
    ApiCallEvent expected =
        ApiCallEvent.newBuilder()
            .setEventId("evt-1")
            .setAppId("app.one_2-x")
            .setTimestamp(Instant.parse("2026-01-05T09:59:00Z"))
            .setMethod("GET")
            .setPath("/restapi/v1.0/account/~/extension/~/call-log?view=Simple")
            .setStatus(200)
            .setLatencyMs(42L)
            .setEnvironment(Environment.production)
            .setReceivedAt(NOW)
            .build();

    assertThat(valid(event())).isEqualTo(expected);
  }

  @Test
  void optionalFieldsDefaultToNoLatencyAndSandbox() {
    ObjectNode event = event();
    event.remove("latencyMs");
    event.remove("environment");

    ApiCallEvent result = valid(event);

    assertThat(result.getLatencyMs()).isNull();
    assertThat(result.getEnvironment()).isEqualTo(Environment.sandbox);
  }

  @Test
  void nullCountsAsAbsent() {
    ObjectNode event = event();
    event.putNull("latencyMs");
    event.putNull("environment");
    assertThat(valid(event).getLatencyMs()).isNull();
    assertThat(valid(event).getEnvironment()).isEqualTo(Environment.sandbox);

    event.putNull("eventId");
    assertThat(validator.validate(event)).isEqualTo(new Invalid("eventId", "eventId: required"));
  }

  @Test
  void unknownFieldsAreIgnored() {
    ObjectNode event = event();
    event.put("userAgent", "curl/8");
    event.putObject("extra").put("nested", true);

    assertThat(valid(event).getEventId()).isEqualTo("evt-1");
  }

  @Test
  void aTimestampWithAnOffsetIsStoredInUtc() {
    ObjectNode event = event();
    event.put("timestamp", "2026-01-05T11:58:30.250+02:00");

    assertThat(valid(event).getTimestamp()).isEqualTo(Instant.parse("2026-01-05T09:58:30.250Z"));
  }

  @Test
  void aTimestampMayBeEpochMilliseconds() {
    ObjectNode event = event();
    event.put("timestamp", NOW_MS - 1_000);

    assertThat(valid(event).getTimestamp()).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void rfc3339AllowsLowerCaseSeparatorsAndNegativeOffsets() {
    ObjectNode event = event();
    event.put("timestamp", "2026-01-05t04:30:00-05:30");
    assertThat(valid(event).getTimestamp()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));

    event.put("timestamp", "2026-01-05t09:00:00z");
    assertThat(valid(event).getTimestamp()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
  }

  @Test
  void fractionsBelowAMillisecondAreTruncated() {
    ObjectNode event = event();
    event.put("timestamp", "2026-01-05T09:59:59.123456789Z");

    assertThat(valid(event).getTimestamp()).isEqualTo(Instant.parse("2026-01-05T09:59:59.123Z"));
  }

  @Test
  void exactlyFiveMinutesAheadIsAcceptedOneMillisecondMoreIsNot() {
    ObjectNode event = event();
    event.put("timestamp", NOW_MS + 300_000);
    assertThat(valid(event).getTimestamp()).isEqualTo(NOW.plusSeconds(300));

    event.put("timestamp", NOW_MS + 300_001);
    assertThat(validator.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 5 minutes in the future"));

    event.put("timestamp", "2026-01-05T10:05:00.001Z");
    assertThat(validator.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 5 minutes in the future"));
  }

  @Test
  void exactlyThirtyDaysOldIsAcceptedOneMillisecondOlderIsNot() {
    ObjectNode event = event();
    event.put("timestamp", "2025-12-06T10:00:00Z");
    assertThat(valid(event).getTimestamp()).isEqualTo(NOW.minus(Duration.ofDays(30)));

    event.put("timestamp", "2025-12-06T09:59:59.999Z");
    assertThat(validator.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 30 days in the past"));

    event.put("timestamp", NOW_MS - Duration.ofDays(30).toMillis() - 1);
    assertThat(validator.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 30 days in the past"));
  }

  @Test
  void theBoundsComeFromTheConfiguration() {
    EventValidator strict =
        new EventValidator(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(90), Duration.ofHours(1));
    ObjectNode event = event();

    event.put("timestamp", NOW_MS + 90_001);
    assertThat(strict.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 90 seconds in the future"));
    event.put("timestamp", NOW_MS - 3_600_001);
    assertThat(strict.validate(event))
        .isEqualTo(new Invalid("timestamp", "timestamp: more than 1 hour in the past"));
  }

  @Test
  void receivedAtIsTheClocksNow() {
    assertThat(valid(event()).getReceivedAt()).isEqualTo(NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
  void everyContractMethodIsAccepted(String method) {
    ObjectNode event = event();
    event.put("method", method);

    assertThat(valid(event).getMethod()).isEqualTo(method);
  }

  /** Dots that are not whole segments, and dot segments in the query or fragment, are fine. */
  @ParameterizedTest
  @ValueSource(strings = {"/", "/a/..b/c", "/a/.../b", "/v1.0/x.json", "/a/b?next=/../x", "/a#/../b", "/a//b", "/%2e%2ex"})
  void pathsWithDotsThatAreNotDotSegmentsAreAccepted(String path) {
    ObjectNode event = event();
    event.put("path", path);

    assertThat(valid(event).getPath()).isEqualTo(path);
  }

  @Test
  void lengthsAtTheirLimitsAreAccepted() {
    ObjectNode event = event();
    event.put("eventId", "e".repeat(128));
    event.put("appId", "a".repeat(64));
    event.put("path", "/" + "p".repeat(2047));
    event.put("status", 599);
    event.put("latencyMs", Long.MAX_VALUE);

    ApiCallEvent result = valid(event);

    assertThat(result.getEventId()).hasSize(128);
    assertThat(result.getPath()).hasSize(2048);
    assertThat(result.getStatus()).isEqualTo(599);
    assertThat(result.getLatencyMs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void lengthsCountCharactersNotUtf16Units() {
    ObjectNode event = event();
    // 128 characters outside the BMP: 256 UTF-16 units.
    event.put("eventId", "\uD83D\uDE00".repeat(128));
    assertThat(valid(event).getEventId()).hasSize(256);

    event.put("eventId", "\uD83D\uDE00".repeat(129));
    assertThat(validator.validate(event))
        .isEqualTo(new Invalid("eventId", "eventId: must be 1-128 characters"));
  }

  @Test
  void statusAndLatencyLowerBoundsAreAccepted() {
    ObjectNode event = event();
    event.put("status", 100);
    event.put("latencyMs", 0);

    ApiCallEvent result = valid(event);

    assertThat(result.getStatus()).isEqualTo(100);
    assertThat(result.getLatencyMs()).isZero();
  }

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        // field, JSON value (null = remove the field), expected error
        Arguments.of("eventId", null, "eventId: required"),
        Arguments.of("eventId", "7", "eventId: must be a string"),
        Arguments.of("eventId", "[\"a\"]", "eventId: must be a string"),
        Arguments.of("eventId", "\"\"", "eventId: must be 1-128 characters"),
        Arguments.of("eventId", "\"" + "e".repeat(129) + "\"", "eventId: must be 1-128 characters"),
        Arguments.of("appId", null, "appId: required"),
        Arguments.of("appId", "\"\"", "appId: must match [A-Za-z0-9._-]{1,64}"),
        Arguments.of("appId", "\"a b\"", "appId: must match [A-Za-z0-9._-]{1,64}"),
        Arguments.of("appId", "\"caf\u00e9\"", "appId: must match [A-Za-z0-9._-]{1,64}"),
        Arguments.of("appId", "\"" + "a".repeat(65) + "\"", "appId: must match [A-Za-z0-9._-]{1,64}"),
        Arguments.of("appId", "42", "appId: must match [A-Za-z0-9._-]{1,64}"),
        Arguments.of("timestamp", null, "timestamp: required"),
        Arguments.of("timestamp", "\"1767607200000\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "1767607200000.0", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "true", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "{}", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-01-05T10:00Z\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-01-05T10:00:00\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-01-05 10:00:00Z\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-01-05T10:00:00+02\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-02-30T10:00:00Z\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "\"2026-01-05\"", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "99999999999999999999", "timestamp: must be an RFC 3339 date-time or epoch milliseconds"),
        Arguments.of("timestamp", "-1", "timestamp: more than 30 days in the past"),
        Arguments.of("timestamp", "\"2126-01-05T10:00:00Z\"", "timestamp: more than 5 minutes in the future"),
        Arguments.of("method", null, "method: required"),
        Arguments.of("method", "\"get\"", "method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        Arguments.of("method", "\"TRACE\"", "method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        Arguments.of("method", "1", "method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
        Arguments.of("path", null, "path: required"),
        Arguments.of("path", "\"restapi/v1.0\"", "path: must start with /"),
        Arguments.of("path", "\"\"", "path: must start with /"),
        Arguments.of("path", "\"/" + "p".repeat(2048) + "\"", "path: longer than 2048 characters"),
        Arguments.of("path", "false", "path: must be a string"),
        // Seen failing before ApiPaths: every one of these was accepted.
        Arguments.of("path", "\"/a\\u0000b\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/a\\r\\nX-Forged: 1\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/a\\nb\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/a\\tb\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/a\\u001fb\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/a\\u007fb\"", "path: must not contain control characters"),
        Arguments.of("path", "\"/../../etc/passwd\"", "path: must not contain . or .. segments"),
        Arguments.of("path", "\"/restapi/./v1.0\"", "path: must not contain . or .. segments"),
        Arguments.of("path", "\"/restapi/v1.0/..\"", "path: must not contain . or .. segments"),
        Arguments.of("path", "\"/restapi/%2E%2e/x\"", "path: must not contain . or .. segments"),
        Arguments.of("path", "\"/restapi/.%2e?x=1\"", "path: must not contain . or .. segments"),
        Arguments.of("path", "\"/.\"", "path: must not contain . or .. segments"),
        Arguments.of("status", null, "status: required"),
        Arguments.of("status", "99", "status: must be an integer 100-599"),
        Arguments.of("status", "600", "status: must be an integer 100-599"),
        Arguments.of("status", "\"200\"", "status: must be an integer 100-599"),
        Arguments.of("status", "200.0", "status: must be an integer 100-599"),
        Arguments.of("status", "2e2", "status: must be an integer 100-599"),
        Arguments.of("status", "4294967496", "status: must be an integer 100-599"),
        Arguments.of("status", "true", "status: must be an integer 100-599"),
        Arguments.of("latencyMs", "-1", "latencyMs: must be an integer >= 0"),
        Arguments.of("latencyMs", "1.5", "latencyMs: must be an integer >= 0"),
        Arguments.of("latencyMs", "\"5\"", "latencyMs: must be an integer >= 0"),
        Arguments.of("latencyMs", "9223372036854775808", "latencyMs: must be an integer >= 0"),
        Arguments.of("environment", "\"Production\"", "environment: must be sandbox or production"),
        Arguments.of("environment", "\"\"", "environment: must be sandbox or production"),
        Arguments.of("environment", "0", "environment: must be sandbox or production"));
  }

  @ParameterizedTest(name = "{0} = {1} -> {2}")
  @MethodSource("invalidFields")
  void anInvalidFieldIsRejectedWithItsReason(String field, String json, String error) throws Exception {
    ObjectNode event = event();
    if (json == null) {
      event.remove(field);
    } else {
      event.set(field, JSON.readTree(json));
    }

    assertThat(validator.validate(event)).isEqualTo(new Invalid(field, error));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"eventId\":\"a\"}]", "\"event\"", "12", "true", "null"})
  void anythingButAnObjectIsNotAnEvent(String json) throws Exception {
    assertThat(validate(json)).isEqualTo(new Invalid("event", "event: must be a JSON object"));
  }

  /** {@link AppIds#isValid} is a table lookup standing in for the contract's regex: same answers. */
  @Test
  void theAppIdLoopAgreesWithTheRegexForEveryCharacter() {
    int allowed = 0;
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String one = String.valueOf((char) c);
      boolean byRegex = AppIds.PATTERN.matcher(one).matches();
      assertThat(AppIds.isValid(one)).as("U+%04X", c).isEqualTo(byRegex);
      assertThat(AppIds.isValid("ab" + one + "9")).as("ab U+%04X 9", c).isEqualTo(byRegex);
      allowed += byRegex ? 1 : 0;
    }
    // 26 + 26 + 10 + 3
    assertThat(allowed).isEqualTo(65);
    // A supplementary character (two UTF-16 units) and a lone surrogate.
    assertThat(AppIds.isValid("a\uD83D\uDE00")).isFalse();
    assertThat(AppIds.isValid("a\uD83D")).isFalse();
  }

  @Test
  void theAppIdLoopAgreesWithTheRegexOnLengthsAndSeededStrings() {
    for (int length = 0; length <= 70; length++) {
      String text = "a.B_9-".repeat(12).substring(0, length);
      assertThat(AppIds.isValid(text))
          .as("length %d", length)
          .isEqualTo(AppIds.PATTERN.matcher(text).matches())
          .isEqualTo(length >= 1 && length <= 64);
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261125L);
    String alphabet = "azAZ09._-/ \u00e9\u0130\u212A:+~";
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(0, 70);
      for (int j = 0; j < length; j++) {
        // Mostly allowed characters, so that long valid ids come up too.
        text.append(alphabet.charAt(random.nextInt(100) < 97 ? random.nextInt(7) : random.nextInt(alphabet.length())));
      }
      boolean byRegex = AppIds.PATTERN.matcher(text).matches();
      assertThat(AppIds.isValid(text.toString())).as("\"%s\"", text).isEqualTo(byRegex);
      valid += byRegex ? 1 : 0;
    }
    assertThat(valid).isBetween(2_000, 18_000);
  }

  @Test
  void theFirstProblemInContractOrderIsTheReason() throws Exception {
    assertThat(validate("{\"status\": 1000, \"method\": \"FETCH\", \"appId\": \"a\"}"))
        .isEqualTo(new Invalid("eventId", "eventId: required"));
    assertThat(validate("{\"eventId\": \"e\", \"status\": 1000, \"method\": \"FETCH\", \"appId\": \"a\", \"timestamp\": 1767607200000}"))
        .isEqualTo(new Invalid("method", "method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"));
  }
}
