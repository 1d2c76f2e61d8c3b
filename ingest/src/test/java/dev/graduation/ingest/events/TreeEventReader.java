package dev.graduation.ingest.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graduation.ingest.events.EventStreamReader.Item;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * The oracle for {@link EventFields#read}: an {@link EventStreamReader} (the same framing, limits
 * and errors) whose events come out as a small JSON tree each, the readable form ingest read before
 * {@link EventFields}. Objects keep only the given fields, with nested objects and arrays replaced
 * by empty ones (their type is all the validator needs); every NDJSON line is read by a parser of
 * its own.
 */
final class TreeEventReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A JSON value to validate (an object, unless the gateway sent something else). */
  record Parsed(int index, JsonNode event) implements Item {}

  private TreeEventReader() {}

  /**
   * @param body the request body; read lazily, never closed by the reader
   * @param format how the body is framed
   * @param fields the fields to keep on each event (normally {@link EventValidator#FIELDS})
   */
  static EventStreamReader open(InputStream body, BodyFormat format, Set<String> fields) {
    return EventStreamReader.open(
        body, format, (index, parser, first) -> new Parsed(index, readElement(parser, first, fields)));
  }

  /**
   * One array element (or the whole body, or one NDJSON line) starting at {@code token}: objects
   * keep only {@code fields}, nested values become empty placeholders of their type. {@link
   * EventFields#read} reads the same tokens with the same calls; change both together.
   */
  private static JsonNode readElement(JsonParser parser, JsonToken token, Set<String> fields)
      throws IOException {
    if (token != JsonToken.START_OBJECT) {
      return valueOf(parser, token);
    }
    ObjectNode event = NODES.objectNode();
    for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == null) {
        throw new JsonEOFException(parser, null, "Unexpected end-of-input in an object");
      }
      if (fields.contains(name)) {
        event.set(name, valueOf(parser, value));
      } else {
        parser.skipChildren();
      }
    }
    return event;
  }

  private static JsonNode valueOf(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        parser.skipChildren();
        yield NODES.objectNode();
      }
      case START_ARRAY -> {
        parser.skipChildren();
        yield NODES.arrayNode();
      }
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      // The value of a float does not matter (no field takes one), and a double is cheap to make.
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      default -> NODES.nullNode();
    };
  }
}
