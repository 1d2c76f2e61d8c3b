package dev.graduation.ingest.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/** Jackson's parse errors in words fit for a response: one line, bounded, no source excerpt. */
public final class JsonErrors {

  private static final int MAX_LENGTH = 300;
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]");

  private JsonErrors() {}

  /** "malformed JSON at line 1, column 5: Unexpected character ..." */
  public static String malformed(JsonProcessingException e) {
    return malformed(e, null);
  }

  /** The same; {@code parser} tells where when the exception does not (constraint violations). */
  static String malformed(JsonProcessingException e, JsonParser parser) {
    return "malformed JSON" + where(e, parser, true) + ": " + describe(e);
  }

  /** " at line L, column C" (or " at column C" without the line), or "" when unknown. */
  static String where(JsonProcessingException e, JsonParser parser, boolean withLine) {
    JsonLocation at = e.getLocation();
    if (at == null && parser != null) {
      at = parser.currentLocation();
    }
    if (at == null || at.getColumnNr() < 1) {
      return "";
    }
    return withLine
        ? " at line " + at.getLineNr() + ", column " + at.getColumnNr()
        : " at column " + at.getColumnNr();
  }

  static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    message = SOURCE_REFERENCE.matcher(message).replaceAll("line $1, column $2");
    message = message.replaceAll("\\s+", " ").trim();
    return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH) + "...";
  }
}
