package dev.graduation.ingest.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the events of a request body one at a time, so that a body of any size is never held in
 * memory whole: one JSON object, a JSON array of them, or NDJSON (one per line).
 *
 * <p>Each event comes out as an {@link EventFields} ({@link #openFields}), read straight from the
 * parser's tokens: the validator's fields are kept and every other field is skipped at the token
 * level without being materialised, so no tree is built per event, an event costs at most a few
 * strings of memory however large it is, and a huge string in an unknown field is skipped, not
 * buffered.
 *
 * <p>How one element becomes an item is the package-private {@link Elements} seam ({@link
 * #open(InputStream, BodyFormat, Elements)}); the framing, limits and error messages below are the
 * same whatever reads the elements. The tests read through it a small JSON tree per event (their
 * {@code TreeEventReader}, the path ingest used before {@link EventFields}) as the oracle for
 * {@link EventFields#read}.
 *
 * <p>Broken input:
 *
 * <ul>
 *   <li>NDJSON lines are independent: a line that is not JSON, holds more than one value or is longer
 *       than {@link #MAX_LINE_BYTES} becomes an {@link Item.Unreadable} for its index and the next
 *       line is read as usual. Blank lines are skipped and take no index.
 *   <li>A JSON body that breaks (syntax error, truncation, a string over {@link #MAX_STRING_LENGTH},
 *       nesting over {@link #MAX_NESTING_DEPTH}, bytes that are not UTF-8, a second value after the
 *       first) cannot be resynchronised: {@link #next()} throws {@link MalformedBodyException}.
 *   <li>An array element or a body that is valid JSON but no object comes out as an item anyway;
 *       the validator rejects it ("event: must be a JSON object").
 * </ul>
 *
 * <p>I/O errors of the underlying stream (the body limit, a client that hangs up) pass through
 * unchanged.
 */
public final class EventStreamReader implements Closeable {

  /** Deep enough for any forward-compatible extension of an event, shallow enough to be cheap. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** Longest string value read (in chars); the longest valid field, path, has 2048. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  /** Longest NDJSON line kept for parsing; longer lines are skipped and rejected. */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .build())
          // The servlet stream belongs to the server.
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  /**
   * One event of the body, in body order; {@code index} counts from 0. A reader opened with {@link
   * #openFields} gives only {@link Fields} and {@link Unreadable}; not sealed, so that the {@link
   * Elements} of tests may give items of their own.
   */
  public interface Item {
    int index();

    /** The validator's fields of a JSON value (an object, unless the gateway sent something else). */
    record Fields(int index, EventFields event) implements Item {}

    /** An NDJSON line that could not be read as one JSON value; {@code error} names the problem. */
    record Unreadable(int index, String error) implements Item {}
  }

  /** How one element of the body (or one NDJSON line) becomes an item. */
  @FunctionalInterface
  interface Elements {
    /** Reads the element whose first token is {@code first}, up to and including its last token. */
    Item read(int index, JsonParser parser, JsonToken first) throws IOException;
  }

  private static final Elements AS_FIELDS =
      (index, parser, first) -> new Item.Fields(index, EventFields.read(parser, first));

  private final Source source;
  private int nextIndex;

  private EventStreamReader(InputStream body, BodyFormat format, Elements elements, boolean chunkedLines) {
    this.source =
        format == BodyFormat.NDJSON ? new NdjsonSource(body, elements, chunkedLines) : new JsonSource(body, elements);
  }

  /**
   * A reader whose events come out as {@link Item.Fields}: the fields of {@link EventValidator},
   * no tree.
   *
   * @param body the request body; read lazily, never closed by the reader
   * @param format how the body is framed
   */
  public static EventStreamReader openFields(InputStream body, BodyFormat format) {
    return new EventStreamReader(body, format, AS_FIELDS, true);
  }

  /**
   * A reader whose elements {@code elements} reads, every NDJSON line by a parser of its own (no
   * chunks: the reference that {@link #openFields}' chunks are tested against).
   *
   * @param body the request body; read lazily, never closed by the reader
   * @param format how the body is framed
   */
  static EventStreamReader open(InputStream body, BodyFormat format, Elements elements) {
    return new EventStreamReader(body, format, elements, false);
  }

  /** The next event, or null after the last one. */
  public Item next() throws IOException, MalformedBodyException {
    Item item = source.next(nextIndex);
    if (item != null) {
      nextIndex++;
    }
    return item;
  }

  /** How many events have been read so far. */
  public int count() {
    return nextIndex;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  private interface Source extends Closeable {
    Item next(int index) throws IOException, MalformedBodyException;
  }

  /** A JSON object or array, read with one streaming parser over the whole body. */
  private static final class JsonSource implements Source {
    private final InputStream body;
    private final Elements elements;
    private JsonParser parser;
    private boolean inArray;
    private boolean done;

    JsonSource(InputStream body, Elements elements) {
      this.body = body;
      this.elements = elements;
    }

    @Override
    public Item next(int index) throws IOException, MalformedBodyException {
      if (done) {
        return null;
      }
      try {
        if (parser == null) {
          parser = JSON.createParser(body);
          JsonToken first = parser.nextToken();
          if (first == null) {
            done = true;
            return null;
          }
          if (first != JsonToken.START_ARRAY) {
            // A single event: make sure nothing follows it before handing it out.
            Item event = elements.read(index, parser, first);
            expectEnd(parser);
            done = true;
            return event;
          }
          inArray = true;
        }
        JsonToken token = parser.nextToken();
        if (token == null) {
          throw new JsonEOFException(parser, null, "Unexpected end-of-input inside the array");
        }
        if (inArray && token == JsonToken.END_ARRAY) {
          expectEnd(parser);
          done = true;
          return null;
        }
        return elements.read(index, parser, token);
      } catch (JsonProcessingException e) {
        done = true;
        throw new MalformedBodyException(JsonErrors.malformed(e, parser));
      }
    }

    private static void expectEnd(JsonParser parser) throws IOException, MalformedBodyException {
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new MalformedBodyException(
            "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                + ": more than one JSON value in the body"
                + " (send Content-Type: application/x-ndjson for one event per line)");
      }
    }

    @Override
    public void close() throws IOException {
      if (parser != null) {
        parser.close();
      }
    }
  }

  /**
   * NDJSON: lines split here, each read as if parsed on its own, so that a bad line spoils only
   * itself.
   *
   * <p>A parser per line cost ~120 ns and ~700 bytes per event, as much as a third of reading it.
   * So, in a reader opened with {@link #openFields}, the complete lines in the buffer are read with
   * one parser (a <em>chunk</em>) as a sequence of root values, and an event read that way is kept
   * only when it is provably what a parser of its line alone would give: the chunk starts at a line
   * that starts with "{", the value holds no line break, and a {@code \n} separates it from the
   * next. At anything else (a parse error, a value over two lines, two values on a line, a line break
   * Jackson counts that NDJSON does not, a root number, bytes Jackson's encoding detection would
   * read otherwise at the start of a line) that line is read again by a parser of its own, which
   * gives the same item, and errors, as before; the next line starts a new chunk. Lines that do
   * not fit the buffer are always read on their own. A reader opened with {@link #open(InputStream,
   * BodyFormat, Elements)} reads every line on its own: the reference the chunks are tested
   * against.
   */
  private static final class NdjsonSource implements Source {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream body;
    private final Elements elements;
    private final boolean chunked;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** The start of the first line not handed out yet. */
    private int position;
    private int limit;
    private boolean endOfBody;

    /** The parser over the complete lines from {@code chunkStart} to {@code chunkEnd}, if any. */
    private JsonParser chunk;
    private int chunkStart;
    private int chunkEnd;
    /** The first token of the next value of the chunk, already read; null to read it. */
    private JsonToken chunkNext;
    /** Jackson's line number of {@link #chunkNext}. */
    private int chunkNextRow;

    /** A line longer than the buffer, gathered here (up to the cap). */
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean lineTooLong;

    NdjsonSource(InputStream body, Elements elements, boolean chunked) {
      this.body = body;
      this.elements = elements;
      this.chunked = chunked;
    }

    @Override
    public Item next(int index) throws IOException {
      while (true) {
        if (chunk != null) {
          Item item = nextInChunk(index);
          if (item != null) {
            return item;
          }
          continue;
        }
        int newline = indexOf(buffer, position, limit, (byte) '\n');
        if (newline >= 0) {
          if (chunked && startsChunk(position, newline)) {
            openChunk(lastIndexOf(buffer, newline, limit, (byte) '\n') + 1);
            continue;
          }
          Item item = lineAlone(index, position, newline);
          position = newline + 1;
          if (item != null) {
            return item;
          }
        } else if (!endOfBody && limit - position < buffer.length) {
          fill();
        } else if (!endOfBody) {
          Item item = longLine(index);
          if (item != null) {
            return item;
          }
        } else if (position < limit) {
          // The last line, without a line break after it.
          Item item = lineAlone(index, position, limit);
          position = limit;
          if (item != null) {
            return item;
          }
        } else {
          return null;
        }
      }
    }

    /**
     * Whether a chunk may start at the line {@code [from, to)}: Jackson detects the encoding from
     * a parser's first bytes (a BOM, or zero bytes of UTF-16/32), which a line starting with
     * "{" and a non-zero byte never looks like, so the chunk reads UTF-8 as the line's own parser
     * would. Later lines that look otherwise fail in the chunk and are read alone.
     */
    private boolean startsChunk(int from, int to) {
      return to - from >= 2 && buffer[from] == '{' && buffer[from + 1] != 0;
    }

    private void openChunk(int end) throws IOException {
      chunk = JSON.createParser(buffer, position, end - position);
      chunkStart = position;
      chunkEnd = end;
      chunkNext = null;
    }

    private void closeChunk() throws IOException {
      chunk.close();
      chunk = null;
      chunkNext = null;
    }

    /** The next item of the chunk; null when the chunk is done (or given up), to go on after it. */
    private Item nextInChunk(int index) throws IOException {
      Item item;
      try {
        JsonToken first = chunkNext;
        int startRow = chunkNextRow;
        chunkNext = null;
        if (first == null) {
          first = chunk.nextToken();
          if (first == null) {
            // Only blank lines were left.
            closeChunk();
            position = chunkEnd;
            return null;
          }
          startRow = chunk.currentTokenLocation().getLineNr();
        }
        item = elements.read(index, chunk, first);
        JsonLocation end = chunk.currentLocation();
        int endOffset = chunkStart + (int) end.getByteOffset();
        // Jackson counts \n, \r and \r\n as line breaks; none may be inside the value.
        if (end.getLineNr() == startRow && endOffset < chunkEnd) {
          JsonToken next = chunk.nextToken();
          if (next == null) {
            // Only white space after the value, and the chunk ends with a \n.
            closeChunk();
            position = chunkEnd;
            return item;
          }
          JsonLocation nextAt = chunk.currentTokenLocation();
          int newline = lastIndexOf(buffer, endOffset, chunkStart + (int) nextAt.getByteOffset(), (byte) '\n');
          if (newline >= 0) {
            chunkNext = next;
            chunkNextRow = nextAt.getLineNr();
            position = newline + 1;
            return item;
          }
        }
      } catch (JsonProcessingException e) {
        // Read the line alone below: its own parser says what is wrong with it, and where.
      }
      // Not provably the line's own reading: read the line (which starts at position) alone.
      closeChunk();
      int newline = indexOf(buffer, position, chunkEnd, (byte) '\n');
      Item alone = lineAlone(index, position, newline);
      position = newline + 1;
      return alone != null ? alone : next(index);
    }

    /** Moves the unread bytes to the front of the buffer and reads more after them. */
    private void fill() throws IOException {
      if (position > 0) {
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
      }
      int read = body.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        endOfBody = true;
      } else {
        limit += read;
      }
    }

    /** The line at position, whose start fills the buffer: gathered into {@code line}, capped. */
    private Item longLine(int index) throws IOException {
      lineLength = 0;
      lineTooLong = false;
      while (true) {
        int newline = indexOf(buffer, position, limit, (byte) '\n');
        int end = newline < 0 ? limit : newline;
        append(buffer, position, end - position);
        position = newline < 0 ? limit : newline + 1;
        if (newline >= 0) {
          break;
        }
        int read = body.read(buffer, 0, buffer.length);
        position = 0;
        if (read < 0) {
          endOfBody = true;
          limit = 0;
          break;
        }
        limit = read;
      }
      if (lineTooLong) {
        return new Item.Unreadable(index, "event: longer than " + MAX_LINE_BYTES + " bytes");
      }
      return isBlank(line, 0, lineLength) ? null : parseLine(index, line, 0, lineLength);
    }

    private void append(byte[] source, int from, int length) {
      if (lineTooLong) {
        return;
      }
      if (lineLength + length > MAX_LINE_BYTES) {
        // Keep reading to the newline, but stop keeping the bytes.
        lineTooLong = true;
        lineLength = 0;
        return;
      }
      if (lineLength + length > line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, lineLength + length)));
      }
      System.arraycopy(source, from, line, lineLength, length);
      lineLength += length;
    }

    /** The line {@code [from, to)} of the buffer read on its own; null when blank. */
    private Item lineAlone(int index, int from, int to) throws IOException {
      return isBlank(buffer, from, to) ? null : parseLine(index, buffer, from, to - from);
    }

    private Item parseLine(int index, byte[] bytes, int from, int length) throws IOException {
      JsonParser parser = JSON.createParser(bytes, from, length);
      try {
        JsonToken first = parser.nextToken();
        if (first == null) {
          return new Item.Unreadable(index, "event: malformed JSON at column 1: no JSON value");
        }
        Item event = elements.read(index, parser, first);
        if (parser.nextToken() != null) {
          return new Item.Unreadable(
              index,
              "event: malformed JSON at column " + parser.currentTokenLocation().getColumnNr()
                  + ": more than one JSON value on the line");
        }
        return event;
      } catch (JsonProcessingException e) {
        return new Item.Unreadable(
            index, "event: malformed JSON" + JsonErrors.where(e, parser, false) + ": " + JsonErrors.describe(e));
      } finally {
        parser.close();
      }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
      for (int i = from; i < to; i++) {
        if (bytes[i] == wanted) {
          return i;
        }
      }
      return -1;
    }

    private static int lastIndexOf(byte[] bytes, int from, int to, byte wanted) {
      for (int i = to - 1; i >= from; i--) {
        if (bytes[i] == wanted) {
          return i;
        }
      }
      return -1;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
      for (int i = from; i < to; i++) {
        byte b = bytes[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      if (chunk != null) {
        closeChunk();
      }
    }
  }
}
