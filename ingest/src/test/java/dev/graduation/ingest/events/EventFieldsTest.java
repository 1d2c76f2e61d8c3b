package dev.graduation.ingest.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.ingest.ByteEdits;
import dev.graduation.ingest.events.EventFields.Field;
import dev.graduation.ingest.events.EventFields.Kind;
import dev.graduation.ingest.events.EventStreamReader.Item;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Ingest reads events straight into {@link EventFields} ({@link EventStreamReader#openFields}) and
 * validates those. These tests hold that path against the one it replaced, a pruned JSON tree per
 * event validated by {@link TreeEventValidator} (the validator as it was), over hand-picked and
 * seeded generated bodies in both framings: the same items, the same rejections with the same
 * reasons, the same events, and the same errors for broken bodies, lines over the cap, strings over
 * the limit and nesting too deep.
 */
class EventFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");
  private static final long NOW_MS = NOW.toEpochMilli();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String[] LONG_EVENT_IDS = {
    string(""), string("e".repeat(128)), string("e".repeat(129)), string("\uD83D\uDE00".repeat(128)),
    string("\uD83D\uDE00".repeat(129)), string("\u00e9v\u00e9nement"),
  };
  private static final String[] ODD_PATHS = {
    string("/"), string("restapi/v1.0"), string(""), string("/" + "p".repeat(2047)), string("/" + "p".repeat(2048)),
    string("/" + "\uD83D\uDE00".repeat(2047)), string("/" + "\uD83D\uDE00".repeat(2048)), string("/\u0000\t\"\\"),
  };
  /** In a fixed order (Set.of's order changes from run to run): the seeds must reproduce. */
  private static final String[] FIELD_NAMES = {
    "eventId", "appId", "timestamp", "method", "path", "status", "latencyMs", "environment"
  };

  private final EventValidator validator = new EventValidator(CLOCK, Duration.ofMinutes(5), Duration.ofDays(30));
  private final TreeEventValidator oracle = new TreeEventValidator(CLOCK, Duration.ofMinutes(5), Duration.ofDays(30));

  // ------------------------------------------------------------------ reading one event

  /** The one event of an NDJSON line (where, unlike a JSON body, "[]" is an element too). */
  private static EventFields fields(String json) throws Exception {
    List<Item> items = new ArrayList<>();
    try (EventStreamReader reader =
        EventStreamReader.openFields(new ByteArrayInputStream(json.getBytes(UTF_8)), BodyFormat.NDJSON)) {
      for (Item item = reader.next(); item != null; item = reader.next()) {
        items.add(item);
      }
    }
    assertThat(items).hasSize(1);
    return ((Item.Fields) items.get(0)).event();
  }

  @Test
  void eachFieldKeepsItsKindAndValue() throws Exception {
    EventFields event =
        fields("{\"eventId\": \"e\", \"appId\": 7, \"timestamp\": 12345678901234567890, \"method\": [\"GET\"],"
            + " \"path\": {\"p\": 1}, \"status\": 200, \"latencyMs\": 1.5, \"environment\": true,"
            + " \"unknown\": {\"deep\": [1, 2, {\"x\": \"y\"}]}}");

    assertThat(event.isObject()).isTrue();
    assertThat(event.kind(Field.EVENT_ID)).isEqualTo(Kind.STRING);
    assertThat(event.string(Field.EVENT_ID)).isEqualTo("e");
    assertThat(event.kind(Field.APP_ID)).isEqualTo(Kind.INTEGER);
    assertThat(event.integer(Field.APP_ID)).isEqualTo(7);
    assertThat(event.kind(Field.TIMESTAMP)).isEqualTo(Kind.BIG_INTEGER);
    assertThat(event.kind(Field.METHOD)).isEqualTo(Kind.OTHER);
    assertThat(event.kind(Field.PATH)).isEqualTo(Kind.OTHER);
    assertThat(event.kind(Field.STATUS)).isEqualTo(Kind.INTEGER);
    assertThat(event.integer(Field.STATUS)).isEqualTo(200);
    assertThat(event.kind(Field.LATENCY_MS)).isEqualTo(Kind.OTHER);
    assertThat(event.kind(Field.ENVIRONMENT)).isEqualTo(Kind.OTHER);
  }

  @Test
  void longsAndTheirLimitsAreIntegersOneBeyondIsABigInteger() throws Exception {
    assertThat(fields("{\"timestamp\": 9223372036854775807}").integer(Field.TIMESTAMP)).isEqualTo(Long.MAX_VALUE);
    assertThat(fields("{\"timestamp\": -9223372036854775808}").integer(Field.TIMESTAMP)).isEqualTo(Long.MIN_VALUE);
    assertThat(fields("{\"timestamp\": 9223372036854775808}").kind(Field.TIMESTAMP)).isEqualTo(Kind.BIG_INTEGER);
    assertThat(fields("{\"timestamp\": -9223372036854775809}").kind(Field.TIMESTAMP)).isEqualTo(Kind.BIG_INTEGER);
  }

  @Test
  void nullIsAbsentAndTheLastOfARepeatedFieldWins() throws Exception {
    EventFields event = fields("{\"eventId\": \"a\", \"eventId\": null, \"status\": \"x\", \"status\": 201}");

    assertThat(event.kind(Field.EVENT_ID)).isEqualTo(Kind.ABSENT);
    assertThat(event.kind(Field.STATUS)).isEqualTo(Kind.INTEGER);
    assertThat(event).isEqualTo(fields("{\"status\": 201}"));
    assertThat(event.toString()).isEqualTo("EventFields[status=201]");
  }

  @Test
  void anythingButAnObjectIsNotAnEvent() throws Exception {
    for (String json : List.of("[]", "[{\"eventId\": \"a\"}]", "\"event\"", "12", "1.5", "true", "null")) {
      assertThat(fields(json)).as(json).isEqualTo(EventFields.NOT_AN_OBJECT);
      assertThat(EventFields.of(JSON.readTree(json))).as(json).isEqualTo(EventFields.NOT_AN_OBJECT);
    }
    assertThat(EventFields.of(null)).isEqualTo(EventFields.NOT_AN_OBJECT);
  }

  @Test
  void theFieldsAreTheValidatorsFields() {
    assertThat(Arrays.stream(Field.values()).map(field -> field.jsonName).collect(Collectors.toSet()))
        .isEqualTo(EventValidator.FIELDS);
    for (Field field : Field.values()) {
      assertThat(Field.named(field.jsonName)).isEqualTo(field);
    }
    assertThat(Field.named("EventId")).isNull();
    assertThat(Field.named("receivedAt")).isNull();
  }

  // ------------------------------------------------------------------ whole bodies, both paths

  /**
   * What a body comes to through one path: per item the validation result (or the unreadable
   * line's error), then how the body ended. Tree items are validated by the oracle, field items by
   * the validator.
   */
  private List<Object> outcome(byte[] body, BodyFormat format, boolean asFields) throws IOException {
    return outcome(new ByteArrayInputStream(body), format, asFields);
  }

  private List<Object> outcome(InputStream in, BodyFormat format, boolean asFields) throws IOException {
    List<Object> out = new ArrayList<>();
    try (EventStreamReader reader =
        asFields ? EventStreamReader.openFields(in, format) : EventStreamReader.open(in, format, EventValidator.FIELDS)) {
      for (Item item = reader.next(); item != null; item = reader.next()) {
        if (item instanceof Item.Parsed tree) {
          out.add(new Item.Fields(tree.index(), EventFields.of(tree.event())));
          ValidationResult expected = oracle.validate(tree.event());
          out.add(expected);
          // The tree entry point of the new validator answers as the old one too.
          ValidationResult actual = validator.validate(tree.event());
          if (!actual.equals(expected)) {
            assertThat(actual).as("validate(JsonNode) of %s", tree.event()).isEqualTo(expected);
          }
        } else if (item instanceof Item.Fields read) {
          out.add(read);
          out.add(validator.validate(read.event()));
        } else {
          out.add(item);
        }
      }
      out.add("end after " + reader.count() + " events");
    } catch (MalformedBodyException e) {
      out.add("malformed: " + e.getMessage());
    }
    return out;
  }

  /** Both paths agree on {@code body}; returns what they said, for further checks. */
  private List<Object> assertSameOutcome(byte[] body, BodyFormat format) throws IOException {
    List<Object> expected = outcome(body, format, false);
    List<Object> actual = outcome(body, format, true);
    if (!actual.equals(expected)) {
      String shown = new String(body, 0, Math.min(body.length, 2_000), UTF_8);
      assertThat(actual).as("%s body: %s", format, shown).isEqualTo(expected);
    }
    return actual;
  }

  private List<Object> assertSameOutcome(String body, BodyFormat format) throws IOException {
    return assertSameOutcome(body.getBytes(UTF_8), format);
  }

  @Test
  void theLimitsBreakBothPathsAlike() throws IOException {
    // With the leading "/", one character over the limit.
    String huge = "x".repeat(EventStreamReader.MAX_STRING_LENGTH);
    String deep = "[".repeat(100) + "]".repeat(100);
    String longLine = "{\"eventId\": \"" + "x".repeat(EventStreamReader.MAX_LINE_BYTES) + "\"}";
    String prefix = "{\"eventId\": \"";
    String fullLine = prefix + "x".repeat(EventStreamReader.MAX_LINE_BYTES - prefix.length() - 2) + "\"}";

    assertThat(assertSameOutcome("[{\"path\": \"/" + huge + "\"}]", BodyFormat.JSON))
        .containsExactly(
            "malformed: malformed JSON at line 1, column 1048590: a string longer than 1048576 characters");
    // A top-level string is read too, not skipped, in both.
    assertThat(assertSameOutcome("[\"/" + huge + "\"]", BodyFormat.JSON).get(0).toString())
        .startsWith("malformed: malformed JSON at line 1, column ");
    assertThat(assertSameOutcome("[{\"eventId\": \"a\", \"blob\": \"" + huge + huge + "\"}]", BodyFormat.JSON))
        .contains("end after 1 events");
    assertThat(assertSameOutcome("[{\"status\": " + deep + "}]", BodyFormat.JSON).get(0).toString())
        .contains("nested deeper than 64 levels");
    assertThat(assertSameOutcome("[{\"x\": " + deep + "}]", BodyFormat.JSON).get(0).toString())
        .contains("nested deeper than 64 levels");
    assertThat(assertSameOutcome(longLine + "\n" + fullLine + "\n{\"x\": " + deep + "}\n", BodyFormat.NDJSON))
        .startsWith(new Item.Unreadable(0, "event: longer than 1048576 bytes"))
        .contains("end after 3 events");
    // A line cannot hold a string over the limit (the cap is the same number of bytes).
    assertThat(assertSameOutcome("{\"path\": \"/" + huge + "\"}\n{}", BodyFormat.NDJSON))
        .startsWith(new Item.Unreadable(0, "event: longer than 1048576 bytes"));
  }

  @Test
  void brokenBodiesBreakBothPathsAlike() throws IOException {
    String[] bodies = {
      "", " ", "[]", "[", "]", "{", "{}", "[{}]", "[1,]", "{\"eventId\":\"a\",}", "{\"eventId\" \"a\"}",
      "[{\"eventId\": \"a\"}, {\"eventId\": ", "[{\"eventId\": \"a\"},\n {eventId: 1}]",
      "{\"eventId\": \"a\"}\n{\"eventId\": \"b\"}", "[{\"eventId\": \"a\"}] []", "1e400", "-0", "NaN",
      "\"\\ud800\"", "[null]", "[[]]", "\uFEFF{}", "{\"status\": 1e400}", "{\"timestamp\": -0}",
      "{\"status\": 00200}", "{\"status\": -}", "{\"latencyMs\": 1.5e3}", "{\"eventId\": \"a\"} x",
      "{\"eventId\": \"a\"} {\"eventId\": \"b\"}\nnot json\n[1]\n\n\r\n{\"eventId\": \"f\"}\r\n",
    };
    for (String body : bodies) {
      for (BodyFormat format : BodyFormat.values()) {
        assertSameOutcome(body, format);
      }
    }
    byte[] notUtf8 = "{\"eventId\": \"\u00ff\u00fe\"}\n{\"eventId\": \"b\"}".getBytes(UTF_8);
    notUtf8[13] = (byte) 0xFF;
    notUtf8[14] = (byte) 0xFE;
    for (BodyFormat format : BodyFormat.values()) {
      assertSameOutcome(notUtf8, format);
    }
  }

  /**
   * The main check: thousands of seeded bodies of events with every field right, wrong, missing,
   * repeated, of every JSON type, among unknown fields of any shape, some bodies broken at random
   * bytes; both framings. Every rejection reason and every accepted event must be the same.
   */
  @Test
  void seededBodiesGiveTheSameAnswersThroughBothPaths() throws IOException {
    SplittableRandom random = new SplittableRandom(20260105L);
    int valid = 0;
    int rejected = 0;
    int unreadable = 0;
    int malformed = 0;
    for (int body = 0; body < 3_000; body++) {
      List<String> events = new ArrayList<>();
      int size = random.nextInt(1, 12);
      for (int i = 0; i < size; i++) {
        events.add(random.nextInt(40) == 0 ? randomJson(random, 0) : event(random));
      }
      byte[] ndjson = mutate(random, String.join(random.nextInt(4) == 0 ? "\r\n" : "\n", events) + "\n");
      String json = events.size() == 1 && random.nextBoolean() ? events.get(0) : "[" + String.join(",", events) + "]";
      byte[] array = mutate(random, json);
      List<List<Object>> outcomes =
          List.of(assertSameOutcome(ndjson, BodyFormat.NDJSON), assertSameOutcome(array, BodyFormat.JSON));
      for (List<Object> outcome : outcomes) {
        for (Object entry : outcome) {
          if (entry instanceof ValidationResult.Valid) {
            valid++;
          } else if (entry instanceof ValidationResult.Invalid) {
            rejected++;
          } else if (entry instanceof Item.Unreadable) {
            unreadable++;
          } else if (entry.toString().startsWith("malformed")) {
            malformed++;
          }
        }
      }
    }
    // Every kind of outcome came up often enough to mean something.
    assertThat(List.of(valid, rejected, unreadable, malformed))
        .as("valid, rejected, unreadable, malformed")
        .allMatch(count -> count > 0);
    // (8,705, 25,369, 530 and 414 with this seed.)
    assertThat(valid).isGreaterThan(6_000);
    assertThat(rejected).isGreaterThan(20_000);
    assertThat(unreadable).isGreaterThan(300);
    assertThat(malformed).isGreaterThan(250);
  }

  /**
   * NDJSON read as the service reads it (lines in chunks of one parser, the body arriving in pieces
   * of any size) against each line read by a parser of its own (the tree form): events in and out
   * of contract order, lines that make a chunk give up (two values, a value over two lines, lone
   * carriage returns, root numbers, a BOM or a NUL byte at the start, bytes that are not UTF-8),
   * blank lines of every kind, lines longer than the read buffer and than the cap, a last line
   * without a line break.
   */
  @Test
  void ndjsonReadInChunksGivesWhatEachLineAloneGives() throws IOException {
    SplittableRandom random = new SplittableRandom(20261125L);
    String overBuffer = "{\"eventId\": \"e\", \"blob\": \"" + "b".repeat(70_000) + "\"}";
    byte[][] oddBytes = {
      {'{', (byte) 0xFF, '}'}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, {'{', 0, '}'}, {'{', '}', 0, 0},
      {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'}, {0, '{', 0, '}'}, {'{', '\r', '}'}, {'{', '}', '\r', '{', '}'},
    };
    String[] oddLines = {
      "", " ", "\t\r", "{\"eventId\": \"a\"} {\"eventId\": \"b\"}", "{\"eventId\": \"a\"}{}", "{\"eventId\":",
      "\"a\"}", "{\"eventId\": \"a\",", "\"appId\": \"b\"}", "12", "-1.5e3", "\"s\"", "true", "null", "[1, {\"a\": 2}]",
      "{} x", "{}}", "{\"eventId\": \"a\"} \r ", "{\"status\": 200}\r{\"status\": 201}",
      // One value over two lines: two broken lines.
      "{\"eventId\": \"a\",\n\"appId\": \"b\"}", "{\"eventId\":\n\"a\"}", "{\n}", "{\"eventId\": \"a\"\r\n}", "[1,\n2]",
    };
    int valid = 0;
    int unreadable = 0;
    for (int body = 0; body < 600; body++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int lines = random.nextInt(1, random.nextInt(10) == 0 ? 1_500 : 40);
      for (int i = 0; i < lines; i++) {
        int roll = random.nextInt(200);
        if (roll < 150) {
          out.writeBytes(mutate(random, event(random)));
        } else if (roll < 175) {
          out.writeBytes(pick(random, oddLines).getBytes(UTF_8));
        } else if (roll < 190) {
          out.writeBytes(randomJson(random, 0).getBytes(UTF_8));
        } else if (roll < 198) {
          out.writeBytes(pick(random, oddBytes));
        } else {
          out.writeBytes(overBuffer.getBytes(UTF_8));
        }
        if (i + 1 < lines || random.nextInt(4) > 0) {
          out.writeBytes(pick(random, "\n", "\n", "\n", "\n", "\r\n", "\n\n", " \n", "\t\r\n", "\n \n").getBytes(UTF_8));
        }
      }
      List<Object> outcome = assertSameOutcomeArrivingInPieces(out.toByteArray(), random);
      valid += (int) outcome.stream().filter(ValidationResult.Valid.class::isInstance).count();
      unreadable += (int) outcome.stream().filter(Item.Unreadable.class::isInstance).count();
    }
    String capped = "{\"eventId\": \"" + "x".repeat(EventStreamReader.MAX_LINE_BYTES) + "\"}";
    assertThat(assertSameOutcomeArrivingInPieces(
            (event(random) + "\n" + capped + "\n" + overBuffer + "\n" + event(random)).getBytes(UTF_8), random))
        .contains(new Item.Unreadable(1, "event: longer than 1048576 bytes"));
    // (8,384 and 11,388 with this seed.)
    assertThat(valid).isGreaterThan(6_000);
    assertThat(unreadable).isGreaterThan(8_000);
  }

  private List<Object> assertSameOutcomeArrivingInPieces(byte[] body, SplittableRandom random) throws IOException {
    List<Object> expected = outcome(body, BodyFormat.NDJSON, false);
    List<Object> actual = outcome(new ArrivingInPieces(body, random.split()), BodyFormat.NDJSON, true);
    if (!actual.equals(expected)) {
      String shown = new String(body, 0, Math.min(body.length, 2_000), UTF_8);
      assertThat(actual).as("NDJSON body: %s", shown).isEqualTo(expected);
    }
    return actual;
  }

  /** A body as the network delivers it: each read returns a piece of random size, 1 byte to 20 KB. */
  private static final class ArrivingInPieces extends InputStream {
    private final byte[] body;
    private final SplittableRandom random;
    private int position;

    ArrivingInPieces(byte[] body, SplittableRandom random) {
      this.body = body;
      this.random = random;
    }

    @Override
    public int read() {
      return position < body.length ? body[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == body.length) {
        return -1;
      }
      int piece = random.nextInt(4) == 0 ? random.nextInt(1, 64) : random.nextInt(1, 20_000);
      int n = Math.min(Math.min(length, piece), body.length - position);
      System.arraycopy(body, position, buffer, offset, n);
      position += n;
      return n;
    }
  }

  // ------------------------------------------------------------------ generation

  /** Mostly unchanged; sometimes a few bytes replaced, inserted or removed. */
  private static byte[] mutate(SplittableRandom random, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    if (random.nextInt(5) > 0 || bytes.length == 0) {
      return bytes;
    }
    byte[] syntax = "{}[],:\"\\ \n0-eE.\u00ff".getBytes(UTF_8);
    for (int i = random.nextInt(1, 4); i > 0 && bytes.length > 0; i--) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(3)) {
        case 0 -> bytes[at] = syntax[random.nextInt(syntax.length)];
        case 1 -> bytes = ByteEdits.insert(bytes, at, syntax[random.nextInt(syntax.length)]);
        default -> bytes = ByteEdits.delete(bytes, at);
      }
    }
    return bytes;
  }

  /** One event object as JSON text: each field usually right, sometimes wrong, absent or repeated. */
  private static String event(SplittableRandom random) {
    List<String> members = new ArrayList<>();
    // Half in contract order, as gateways send them (the reader's fast path), half shuffled.
    boolean inOrder = random.nextBoolean();
    member(random, inOrder, members, "eventId", () -> usually(random,
        string("evt-" + random.nextInt(1_000_000)), LONG_EVENT_IDS));
    member(random, inOrder, members, "appId", () -> usually(random,
        string("app-" + random.nextInt(50)), string("app.one_2-x"), string("a".repeat(64)), string("a".repeat(65)),
        string(""), string("a b"), string("caf\u00e9"), string("app/1"), string("\u212Aelvin")));
    member(random, inOrder, members, "timestamp", () -> timestamp(random));
    member(random, inOrder, members, "method", () -> usually(random,
        string(pick(random, "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")),
        string("get"), string("TRACE"), string(""), string("GET ")));
    member(random, inOrder, members, "path", () -> usually(random,
        string("/restapi/v1.0/account/~/extension/" + random.nextInt(1000) + "/call-log?view=Simple"),
        ODD_PATHS));
    member(random, inOrder, members, "status", () -> usually(random,
        pick(random, "200", "201", "204", "429", "503"),
        "100", "599", "99", "600", "-200", "\"200\"", "200.0", "2e2", "4294967496", "99999999999999999999"));
    if (random.nextInt(4) > 0) {
      member(random, inOrder, members, "latencyMs", () -> usually(random,
          Integer.toString(random.nextInt(5_000)), "0", "-1", "9223372036854775807", "9223372036854775808",
          "1.5", "\"5\"", "-0"));
    }
    if (random.nextInt(3) > 0) {
      member(random, inOrder, members, "environment", () -> usually(random,
          string(pick(random, "sandbox", "production")), string("Production"), string(""), "0"));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      String name = pick(random, "userAgent", "extra", "receivedAt", "EventId", "status ", "");
      members.add(random.nextInt(members.size() + 1), string(name) + ": " + randomJson(random, 1));
    }
    return "{" + String.join(random.nextInt(3) == 0 ? ", " : ",", members) + "}";
  }

  /** Adds the field (usually its generated value; sometimes null, another JSON value, or twice). */
  private static void member(
      SplittableRandom random, boolean inOrder, List<String> members, String name, Supplier<String> value) {
    int roll = random.nextInt(100);
    if (roll < 2) {
      return;
    }
    String json = roll < 4 ? "null" : roll < 7 ? randomJson(random, 1) : value.get();
    members.add(inOrder ? members.size() : random.nextInt(members.size() + 1), string(name) + ":" + json);
    if (random.nextInt(30) == 0) {
      members.add(string(name) + ":" + (random.nextBoolean() ? "null" : value.get()));
    }
  }

  private static String timestamp(SplittableRandom random) {
    long offsetMs = random.nextLong(-Duration.ofDays(31).toMillis(), Duration.ofMinutes(6).toMillis());
    Instant at = NOW.plusMillis(offsetMs);
    return switch (random.nextInt(16)) {
      case 0, 1 -> Long.toString(at.toEpochMilli());
      case 2 -> Long.toString(NOW_MS + pick(random, 300_000L, 300_001L, -2_592_000_000L, -2_592_000_001L));
      case 3 -> pick(random, "-1", "0", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
          "1767607200000.0", "\"1767607200000\"", "true", "{}");
      case 4 -> string(at.atOffset(ZoneOffset.ofHoursMinutes(random.nextInt(-12, 15), 0)).toString());
      case 5 -> string(at.atOffset(ZoneOffset.ofHoursMinutes(5, 30)).toString().replace('T', 't'));
      case 6 -> string(pick(random, "2026-01-05T10:00Z", "2026-01-05T10:00:00", "2026-01-05 10:00:00Z",
          "2026-01-05T10:00:00+02", "2026-02-30T10:00:00Z", "2026-01-05", "2026-01-05T10:05:00.001Z",
          "2025-12-06T10:00:00Z", "2025-12-06T09:59:59.999Z", "2026-01-05T10:00:00.123456789z",
          "2026-01-05T23:59:60Z", "2026-01-05T10:00:00+18:00", "2026-01-05T10:00:00-18:01", "2124-02-29T00:00:00Z"));
      default -> {
        // Instant.toString: 0, 3, 6 or 9 fraction digits; cut some to 1-9 digits.
        String text = at.plusNanos(random.nextInt(1_000_000)).toString();
        int dot = text.indexOf('.');
        if (dot > 0 && random.nextBoolean()) {
          int digits = random.nextInt(1, 10);
          String fraction = (text.substring(dot + 1, text.length() - 1) + "000000000").substring(0, digits);
          text = text.substring(0, dot + 1) + fraction + "Z";
        }
        yield string(text);
      }
    };
  }

  /** Any JSON value; containers only down to a small depth. */
  private static String randomJson(SplittableRandom random, int depth) {
    return switch (random.nextInt(depth > 2 ? 8 : 10)) {
      case 0 -> string("s" + random.nextInt(100));
      case 1 -> Integer.toString(random.nextInt());
      case 2 -> Long.toString(random.nextLong());
      case 3 -> Double.toString(random.nextDouble() * 1000);
      case 4 -> Boolean.toString(random.nextBoolean());
      case 5 -> "null";
      case 6 -> "1" + "0".repeat(random.nextInt(18, 40));
      case 7 -> string("\u00e9\u4e2d\uD83D\uDE00");
      case 8 -> {
        List<String> elements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          elements.add(randomJson(random, depth + 1));
        }
        yield "[" + String.join(",", elements) + "]";
      }
      default -> {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          String name = random.nextBoolean() ? pick(random, FIELD_NAMES) : "k" + i;
          members.add(string(name) + ":" + randomJson(random, depth + 1));
        }
        yield "{" + String.join(",", members) + "}";
      }
    };
  }

  /** Seven times in eight the first (a valid value), else one of the others. */
  private static String usually(SplittableRandom random, String valid, String... others) {
    return random.nextInt(8) > 0 || others.length == 0 ? valid : pick(random, others);
  }

  @SafeVarargs
  private static <T> T pick(SplittableRandom random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A JSON string literal. */
  private static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
