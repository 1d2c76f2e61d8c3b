package dev.graduation.ingest.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * One event as {@link EventValidator} sees it: whether it is a JSON object, and for each of the
 * validator's fields the kind of its JSON value and the value itself (a string or a long). Nothing
 * else of the event is kept.
 *
 * <p>{@link #read} fills it straight from the parser's tokens, so that ingest builds no {@link
 * JsonNode} tree per event (the tree cost ~10 % of the request threads, its lookups more). It reads
 * the same tokens as the tree reading that ingest replaced (kept in the tests as {@code
 * TreeEventReader}, an {@link EventStreamReader} with elements of its own), each value with the
 * same call (field names are matched with {@code nextFieldName}, which is {@code nextToken} plus a
 * comparison), so the stream constraints fail on the same input with the same message, and {@link
 * #of} reduces such a tree to the same value: {@code EventFieldsTest} holds the two against each
 * other.
 */
public final class EventFields {

  /** The validator's fields, in contract order. */
  enum Field {
    EVENT_ID("eventId"),
    APP_ID("appId"),
    TIMESTAMP("timestamp"),
    METHOD("method"),
    PATH("path"),
    STATUS("status"),
    LATENCY_MS("latencyMs"),
    ENVIRONMENT("environment");

    private static final Field[] ALL = values();

    final String jsonName;
    /** The name as the parser matches it in place ({@link JsonParser#nextFieldName(SerializableString)}). */
    final SerializableString quotedName;

    Field(String jsonName) {
      this.jsonName = jsonName;
      this.quotedName = new SerializedString(jsonName);
    }

    /** The field of that JSON name, or null for any other name. */
    static Field named(String name) {
      return switch (name) {
        case "eventId" -> EVENT_ID;
        case "appId" -> APP_ID;
        case "timestamp" -> TIMESTAMP;
        case "method" -> METHOD;
        case "path" -> PATH;
        case "status" -> STATUS;
        case "latencyMs" -> LATENCY_MS;
        case "environment" -> ENVIRONMENT;
        default -> null;
      };
    }
  }

  /** What a field's JSON value is, as far as validation tells values apart. */
  public enum Kind {
    /** Not in the event, or JSON {@code null}. */
    ABSENT,
    STRING,
    /** An integral number that fits a long; its value is kept. */
    INTEGER,
    /** An integral number beyond a long. */
    BIG_INTEGER,
    /** A float, {@code true}, {@code false}, an object or an array. */
    OTHER
  }

  private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int FIELDS = Field.ALL.length;

  /** A body element that is no JSON object (a number, an array, null...). */
  static final EventFields NOT_AN_OBJECT = new EventFields(false);

  private final boolean object;
  private final Kind[] kinds = new Kind[FIELDS];
  private final String[] strings = new String[FIELDS];
  private final long[] integers = new long[FIELDS];

  private EventFields(boolean object) {
    this.object = object;
    Arrays.fill(kinds, Kind.ABSENT);
  }

  /**
   * Reads one element whose first token is {@code token}, up to and including its last token. For
   * an object, the validator's fields are kept (the last one wins when a name repeats, as in a tree)
   * and every other field is skipped at the token level, however large.
   *
   * <p>Gateways send the fields in contract order, so the name expected next (the one after the
   * last field read) is matched against the input bytes in place ({@link
   * JsonParser#nextFieldName(SerializableString)}, which is {@code nextToken() == FIELD_NAME} and
   * an equal name, with the same errors); any other name is read and looked up as before. With
   * the constants of {@link #knownOrText} this saves the symbol-table lookup per name and two
   * strings per event: ~20 ns of the ~570 ns that reading an event took (single thread, warm).
   */
  static EventFields read(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.START_OBJECT) {
      // Read (not skipped) as the tree reader reads it: a string over the length limit fails alike.
      readValue(parser, token, null, null);
      return NOT_AN_OBJECT;
    }
    EventFields event = new EventFields(true);
    int expected = 0;
    while (true) {
      Field field;
      if (expected < FIELDS && parser.nextFieldName(Field.ALL[expected].quotedName)) {
        field = Field.ALL[expected];
      } else {
        // nextFieldName has moved on to the token, whatever it was; past the last field, move here.
        JsonToken name = expected < FIELDS ? parser.currentToken() : parser.nextToken();
        if (name != JsonToken.FIELD_NAME) {
          break;
        }
        field = Field.named(parser.currentName());
      }
      JsonToken value = parser.nextToken();
      if (value == null) {
        throw new JsonEOFException(parser, null, "Unexpected end-of-input in an object");
      }
      if (field != null) {
        readValue(parser, value, event, field);
        expected = field.ordinal() + 1;
      } else {
        parser.skipChildren();
      }
    }
    return event;
  }

  /** Stores the value at the parser's {@code token} into {@code event} (when not null) as {@code field}. */
  private static void readValue(JsonParser parser, JsonToken token, EventFields event, Field field)
      throws IOException {
    Kind kind;
    String string = null;
    long integer = 0;
    switch (token) {
      case START_OBJECT, START_ARRAY -> {
        parser.skipChildren();
        kind = Kind.OTHER;
      }
      case VALUE_STRING -> {
        string = field == null ? parser.getText() : switch (field) {
          case METHOD -> knownOrText(parser, EventValidator.METHOD_NAMES);
          case ENVIRONMENT -> knownOrText(parser, ENVIRONMENTS);
          default -> parser.getText();
        };
        kind = Kind.STRING;
      }
      case VALUE_NUMBER_INT -> {
        kind = Kind.INTEGER;
        switch (parser.getNumberType()) {
          case INT -> integer = parser.getIntValue();
          case LONG -> integer = parser.getLongValue();
          default -> {
            // As BigIntegerNode.canConvertToLong: the parser says BIG_INTEGER only beyond a long.
            BigInteger big = parser.getBigIntegerValue();
            if (big.compareTo(MIN_LONG) < 0 || big.compareTo(MAX_LONG) > 0) {
              kind = Kind.BIG_INTEGER;
            } else {
              integer = big.longValue();
            }
          }
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        parser.getDoubleValue();
        kind = Kind.OTHER;
      }
      case VALUE_TRUE, VALUE_FALSE -> kind = Kind.OTHER;
      default -> kind = Kind.ABSENT;
    }
    if (event != null) {
      event.set(field.ordinal(), kind, string, integer);
    }
  }

  private static final String[] ENVIRONMENTS = {"sandbox", "production"};

  /**
   * The string value at the parser: the one of {@code known} it equals (without making a string of
   * it: these fields are only ever compared), else a new string.
   */
  private static String knownOrText(JsonParser parser, String[] known) throws IOException {
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    for (String candidate : known) {
      if (candidate.length() == length && matches(candidate, chars, offset)) {
        return candidate;
      }
    }
    return parser.getText();
  }

  private static boolean matches(String candidate, char[] chars, int offset) {
    for (int i = 0; i < candidate.length(); i++) {
      if (candidate.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The same reduction of a JSON tree: what the validator reads of it. Only tests call it (they
   * write events as trees); it stays here because it fills the private arrays.
   */
  static EventFields of(JsonNode event) {
    if (event == null || !event.isObject()) {
      return NOT_AN_OBJECT;
    }
    EventFields fields = new EventFields(true);
    for (Field field : Field.ALL) {
      JsonNode value = event.get(field.jsonName);
      if (value == null || value.isNull()) {
        continue;
      }
      if (value.isTextual()) {
        fields.set(field.ordinal(), Kind.STRING, value.textValue(), 0);
      } else if (value.isIntegralNumber()) {
        if (value.canConvertToLong()) {
          fields.set(field.ordinal(), Kind.INTEGER, null, value.longValue());
        } else {
          fields.set(field.ordinal(), Kind.BIG_INTEGER, null, 0);
        }
      } else {
        fields.set(field.ordinal(), Kind.OTHER, null, 0);
      }
    }
    return fields;
  }

  private void set(int index, Kind kind, String string, long integer) {
    kinds[index] = kind;
    strings[index] = string;
    integers[index] = integer;
  }

  /** Whether the element was a JSON object at all. */
  boolean isObject() {
    return object;
  }

  Kind kind(Field field) {
    return kinds[field.ordinal()];
  }

  /** The value of a {@link Kind#STRING} field. */
  String string(Field field) {
    return strings[field.ordinal()];
  }

  /** The value of an {@link Kind#INTEGER} field. */
  long integer(Field field) {
    return integers[field.ordinal()];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventFields that
        && object == that.object
        && Arrays.equals(kinds, that.kinds)
        && Arrays.equals(strings, that.strings)
        && Arrays.equals(integers, that.integers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(object, Arrays.hashCode(kinds), Arrays.hashCode(strings), Arrays.hashCode(integers));
  }

  @Override
  public String toString() {
    if (!object) {
      return "EventFields[not an object]";
    }
    StringBuilder out = new StringBuilder("EventFields[");
    for (Field field : Field.ALL) {
      Kind kind = kinds[field.ordinal()];
      if (kind == Kind.ABSENT) {
        continue;
      }
      out.append(out.length() > 12 ? ", " : "").append(field.jsonName).append('=');
      switch (kind) {
        case STRING -> out.append('"').append(strings[field.ordinal()]).append('"');
        case INTEGER -> out.append(integers[field.ordinal()]);
        default -> out.append(kind);
      }
    }
    return out.append(']').toString();
  }
}
