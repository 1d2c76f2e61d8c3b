package dev.graduation.ingest.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors in words fit for a response: one line, bounded, no source excerpt, and no
 * Java names (Jackson's messages name its classes and settings, e.g. {@code
 * StreamReadConstraints.getMaxNestingDepth()} or {@code com.fasterxml.jackson.databind.JsonNode}:
 * what a client can do nothing with, and what tells an attacker the stack).
 */
public final class JsonErrors {

  private static final int MAX_LENGTH = 300;
  /** "(from `StreamReadConstraints.getMaxNestingDepth()`)", "(bound as `...JsonNode`)". */
  private static final Pattern JAVA_NAME_IN_PARENTHESES = Pattern.compile("\\s*\\([^()`]*`[^`]*`[^()]*\\)");
  /** Whatever is left in backticks, or a qualified class name. */
  private static final Pattern JAVA_NAME =
      Pattern.compile("`[^`]*`|\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+\\.[A-Z][\\w$]*(\\.\\w+)*(\\(\\))?");
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
      return "not valid JSON";
    }
    if (e instanceof StreamConstraintsException) {
      return limitExceeded(message);
    }
    if (e instanceof MismatchedInputException) {
      if (message.startsWith("No content to map")) {
        return "no JSON value";
      }
      if (message.startsWith("Trailing token")) {
        return "more than one JSON value in the body";
      }
    }
    message = SOURCE_REFERENCE.matcher(message).replaceAll("line $1, column $2");
    message = JAVA_NAME_IN_PARENTHESES.matcher(message).replaceAll("");
    message = JAVA_NAME.matcher(message).replaceAll("a value");
    message = message.replaceAll("\\s+", " ").trim();
    return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH) + "...";
  }

  /** One of the reader's limits (see {@link EventStreamReader}), in the reader's own terms. */
  private static String limitExceeded(String message) {
    if (message.contains("nesting depth")) {
      return "nested deeper than " + EventStreamReader.MAX_NESTING_DEPTH + " levels";
    }
    if (message.contains("String value length")) {
      return "a string longer than " + EventStreamReader.MAX_STRING_LENGTH + " characters";
    }
    if (message.contains("Number value length")) {
      return "a number with too many digits";
    }
    return "the JSON is larger than the reader allows";
  }
}
