package dev.graduation.ingest.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.ingest.events.EventStreamReader.Item;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static EventStreamReader reader(String body, BodyFormat format) {
    return reader(body.getBytes(UTF_8), format);
  }

  private static EventStreamReader reader(byte[] body, BodyFormat format) {
    return EventStreamReader.open(new ByteArrayInputStream(body), format, EventValidator.FIELDS);
  }

  private static List<Item> readAll(EventStreamReader reader) throws Exception {
    List<Item> items = new ArrayList<>();
    for (Item item = reader.next(); item != null; item = reader.next()) {
      items.add(item);
    }
    return items;
  }

  private static List<Item> readAll(String body, BodyFormat format) throws Exception {
    return readAll(reader(body, format));
  }

  private static Item parsed(int index, String json) throws IOException {
    return new Item.Parsed(index, JSON.readTree(json));
  }

  @Test
  void aSingleObjectIsOneEvent() throws Exception {
    assertThat(readAll("{\"eventId\": \"a\", \"status\": 200}", BodyFormat.JSON))
        .containsExactly(parsed(0, "{\"eventId\": \"a\", \"status\": 200}"));
  }

  @Test
  void anArrayGivesItsElementsInOrderWithTheirIndex() throws Exception {
    assertThat(readAll("[{\"eventId\": \"a\"}, 7, {\"eventId\": \"c\"}, [1, 2], null]", BodyFormat.JSON))
        .containsExactly(
            parsed(0, "{\"eventId\": \"a\"}"),
            parsed(1, "7"),
            parsed(2, "{\"eventId\": \"c\"}"),
            parsed(3, "[]"),
            parsed(4, "null"));
  }

  @Test
  void onlyTheValidatorsFieldsAreKeptAndNestedValuesBecomeEmptyPlaceholders() throws Exception {
    String event =
        "{\"eventId\": \"a\", \"unknown\": {\"deep\": [1, 2, {\"x\": \"y\"}]}, \"path\": {\"p\": 1},"
            + " \"status\": [200], \"latencyMs\": 1.5, \"timestamp\": 12345678901234567890,"
            + " \"appId\": true, \"method\": null, \"environment\": \"sandbox\"}";

    List<Item> items = readAll(event, BodyFormat.JSON);

    assertThat(items)
        .containsExactly(
            parsed(
                0,
                "{\"eventId\": \"a\", \"path\": {}, \"status\": [], \"latencyMs\": 1.5,"
                    + " \"timestamp\": 12345678901234567890, \"appId\": true, \"method\": null,"
                    + " \"environment\": \"sandbox\"}"));
    JsonNode node = ((Item.Parsed) items.get(0)).event();
    assertThat(node.get("timestamp").isBigInteger()).isTrue();
    assertThat(node.get("latencyMs").isDouble()).isTrue();
  }

  @Test
  void numbersKeepTheirIntegerWidth() throws Exception {
    JsonNode node =
        ((Item.Parsed) readAll("{\"status\": 200, \"timestamp\": 1767607200000}", BodyFormat.JSON).get(0)).event();

    assertThat(node.get("status").isInt()).isTrue();
    assertThat(node.get("timestamp").isLong()).isTrue();
  }

  @Test
  void emptyBodiesAndEmptyArraysHaveNoEvents() throws Exception {
    assertThat(readAll("", BodyFormat.JSON)).isEmpty();
    assertThat(readAll(" \n\t ", BodyFormat.JSON)).isEmpty();
    assertThat(readAll("[]", BodyFormat.JSON)).isEmpty();
    assertThat(readAll(" [ ] \n", BodyFormat.JSON)).isEmpty();
    assertThat(readAll("", BodyFormat.NDJSON)).isEmpty();
    assertThat(readAll("\n\r\n  \n", BodyFormat.NDJSON)).isEmpty();
  }

  @Test
  void anArrayThatBreaksOffFailsAfterTheElementsBeforeIt() throws Exception {
    EventStreamReader reader = reader("[{\"eventId\": \"a\"}, {\"eventId\": ", BodyFormat.JSON);

    assertThat(reader.next()).isEqualTo(parsed(0, "{\"eventId\": \"a\"}"));
    assertThatThrownBy(reader::next)
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "malformed JSON at line 1, column 32: Unexpected end-of-input within/between Object entries");
  }

  @Test
  void aSyntaxErrorInTheMiddleOfAnArrayIsMalformed() throws Exception {
    EventStreamReader reader = reader("[{\"eventId\": \"a\"},\n {eventId: 1}]", BodyFormat.JSON);

    reader.next();
    assertThatThrownBy(reader::next)
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "malformed JSON at line 2, column 3: Unexpected character ('e' (code 101)): was expecting"
                + " double-quote to start field name");
  }

  @Test
  void aSecondValueAfterASingleObjectMakesTheBodyMalformedBeforeTheObjectIsHandedOut() {
    EventStreamReader reader = reader("{\"eventId\": \"a\"}\n{\"eventId\": \"b\"}", BodyFormat.JSON);

    assertThatThrownBy(reader::next)
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "malformed JSON at line 2, column 1: more than one JSON value in the body"
                + " (send Content-Type: application/x-ndjson for one event per line)");
  }

  @Test
  void contentAfterTheArrayIsMalformed() throws Exception {
    EventStreamReader reader = reader("[{\"eventId\": \"a\"}] []", BodyFormat.JSON);

    assertThat(reader.next()).isEqualTo(parsed(0, "{\"eventId\": \"a\"}"));
    assertThatThrownBy(reader::next)
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageStartingWith("malformed JSON at line 1, column 20: more than one JSON value in the body");
  }

  @Test
  void bytesThatAreNotUtf8AreMalformed() {
    byte[] body = concat("[{\"eventId\": \"".getBytes(UTF_8), new byte[] {(byte) 0xC3, 0x28}, "\"}]".getBytes(UTF_8));

    assertThatThrownBy(() -> readAll(reader(body, BodyFormat.JSON)))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("malformed JSON at line 1, column 17: Invalid UTF-8 middle byte 0x28");
  }

  @Test
  void nestingDeeperThanTheLimitIsMalformedEvenInAnUnknownField() throws Exception {
    String ok = "[{\"x\": " + "[".repeat(62) + "]".repeat(62) + "}]";
    assertThat(readAll(ok, BodyFormat.JSON)).containsExactly(parsed(0, "{}"));

    String deep = "[{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}]";
    assertThatThrownBy(() -> readAll(deep, BodyFormat.JSON))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "malformed JSON at line 1, column 71: nested deeper than 64 levels");
  }

  @Test
  void aHugeStringInAnUnknownFieldIsSkippedNotRead() throws Exception {
    String huge = "x".repeat(5 * EventStreamReader.MAX_STRING_LENGTH);

    assertThat(readAll("[{\"eventId\": \"a\", \"blob\": \"" + huge + "\"}]", BodyFormat.JSON))
        .containsExactly(parsed(0, "{\"eventId\": \"a\"}"));
  }

  @Test
  void aHugeStringInAKnownFieldIsMalformed() {
    String huge = "/" + "x".repeat(EventStreamReader.MAX_STRING_LENGTH);

    assertThatThrownBy(() -> readAll("[{\"path\": \"" + huge + "\"}]", BodyFormat.JSON))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage(
            "malformed JSON at line 1, column 1048590: a string longer than 1048576 characters");
  }

  @Test
  void ndjsonGivesOneEventPerLineSkippingBlankLines() throws Exception {
    String body = "{\"eventId\": \"a\"}\n\n{\"eventId\": \"b\"}\r\n   \n{\"eventId\": \"c\"}";

    assertThat(readAll(body, BodyFormat.NDJSON))
        .containsExactly(
            parsed(0, "{\"eventId\": \"a\"}"),
            parsed(1, "{\"eventId\": \"b\"}"),
            parsed(2, "{\"eventId\": \"c\"}"));
  }

  @Test
  void aBrokenNdjsonLineSpoilsOnlyItself() throws Exception {
    String body =
        "{\"eventId\": \"a\"}\n"
            + "{\"eventId\": \n"
            + "{\"eventId\": \"c\"} {\"eventId\": \"d\"}\n"
            + "not json\n"
            + "[1]\n"
            + "{\"eventId\": \"f\"}\n";

    assertThat(readAll(body, BodyFormat.NDJSON))
        .containsExactly(
            parsed(0, "{\"eventId\": \"a\"}"),
            new Item.Unreadable(
                1,
                "event: malformed JSON at column 13: Unexpected end-of-input within/between Object entries"),
            new Item.Unreadable(2, "event: malformed JSON at column 18: more than one JSON value on the line"),
            new Item.Unreadable(
                3,
                "event: malformed JSON at column 5: Unrecognized token 'not': was expecting (JSON String,"
                    + " Number, Array, Object or token 'null', 'true' or 'false')"),
            parsed(4, "[]"),
            parsed(5, "{\"eventId\": \"f\"}"));
  }

  @Test
  void anNdjsonLineOfBytesThatAreNotUtf8IsUnreadable() throws Exception {
    byte[] body =
        concat(
            "{\"eventId\": \"".getBytes(UTF_8),
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            "\"}\n{\"eventId\": \"b\"}\n".getBytes(UTF_8));

    assertThat(readAll(reader(body, BodyFormat.NDJSON)))
        .containsExactly(
            new Item.Unreadable(0, "event: malformed JSON at column 15: Invalid UTF-8 start byte 0xff"),
            parsed(1, "{\"eventId\": \"b\"}"));
  }

  @Test
  void anNdjsonLineLongerThanTheLimitIsRejectedAndTheNextLineStillRead() throws Exception {
    String longLine = "{\"eventId\": \"" + "x".repeat(EventStreamReader.MAX_LINE_BYTES) + "\"}";
    String body = longLine + "\n{\"eventId\": \"b\"}\n";

    assertThat(readAll(body, BodyFormat.NDJSON))
        .containsExactly(
            new Item.Unreadable(0, "event: longer than 1048576 bytes"),
            parsed(1, "{\"eventId\": \"b\"}"));
  }

  @Test
  void anNdjsonLineOfExactlyTheLimitIsRead() throws Exception {
    String prefix = "{\"eventId\": \"";
    String line = prefix + "x".repeat(EventStreamReader.MAX_LINE_BYTES - prefix.length() - 2) + "\"}";
    assertThat(line.length()).isEqualTo(EventStreamReader.MAX_LINE_BYTES);

    List<Item> items = readAll(line + "\n", BodyFormat.NDJSON);

    assertThat(items).hasSize(1);
    assertThat(((Item.Parsed) items.get(0)).event().get("eventId").textValue())
        .hasSize(EventStreamReader.MAX_LINE_BYTES - prefix.length() - 2);
  }

  /**
   * The point of the reader: after the first event, only a buffer's worth of a body of 200,000
   * events has been read, and the rest is read as the caller asks for it.
   */
  @Test
  void bodiesAreReadAsTheEventsAreAskedForNotUpFront() throws Exception {
    for (BodyFormat format : BodyFormat.values()) {
      CountingEventSource source = new CountingEventSource(200_000, format);
      EventStreamReader reader = EventStreamReader.open(source, format, EventValidator.FIELDS);

      assertThat(reader.next()).isEqualTo(parsed(0, "{\"eventId\": \"e-0\", \"status\": 200}"));
      assertThat(source.bytesRead).as("%s bytes read for one event", format).isLessThanOrEqualTo(64 * 1024);

      int count = 1;
      Item last = null;
      for (Item item = reader.next(); item != null; item = reader.next()) {
        count++;
        last = item;
      }
      assertThat(count).isEqualTo(200_000);
      assertThat(last).isEqualTo(parsed(199_999, "{\"eventId\": \"e-199999\", \"status\": 200}"));
      assertThat(reader.count()).isEqualTo(200_000);
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** A body of {@code n} events made up as it is read, never held whole; counts bytes read. */
  private static final class CountingEventSource extends InputStream {
    private final int events;
    private final BodyFormat format;
    private int next;
    private byte[] chunk = new byte[0];
    private int position;
    private boolean closed;
    long bytesRead;

    CountingEventSource(int events, BodyFormat format) {
      this.events = events;
      this.format = format;
      this.chunk = format == BodyFormat.JSON ? "[".getBytes(UTF_8) : new byte[0];
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == chunk.length && !refill()) {
        return -1;
      }
      int n = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, buffer, offset, n);
      position += n;
      bytesRead += n;
      return n;
    }

    private boolean refill() {
      if (closed) {
        return false;
      }
      position = 0;
      if (next == events) {
        closed = true;
        chunk = format == BodyFormat.JSON ? "]".getBytes(UTF_8) : new byte[0];
        return chunk.length > 0;
      }
      String event = "{\"eventId\": \"e-" + next + "\", \"status\": 200, \"ignored\": \"" + "z".repeat(50) + "\"}";
      String separator = format == BodyFormat.JSON ? (next + 1 < events ? "," : "") : "\n";
      chunk = (event + separator).getBytes(UTF_8);
      next++;
      return true;
    }
  }
}
