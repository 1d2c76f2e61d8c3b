package dev.graduation.ingest.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Jackson's messages name its classes and settings; the answers must not.
 *
 * <p>Seen failing with the messages passed on as Jackson wrote them: "... exceeds the maximum
 * allowed (64, from `StreamReadConstraints.getMaxNestingDepth()`)", "... (bound as
 * `com.fasterxml.jackson.databind.JsonNode`): not allowed as per
 * `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`".
 */
class JsonErrorsTest {

  /** What no answer may contain: a qualified class name, an exception, a method call, a backtick. */
  static final Pattern JAVA_ISH = Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]\\w+|Exception|\\(\\)|`");

  private static String malformedBody(String body) throws IOException {
    try (EventStreamReader reader =
        EventStreamReader.openFields(new ByteArrayInputStream(body.getBytes(UTF_8)), BodyFormat.JSON)) {
      while (reader.next() != null) {
        // read to the end or the error
      }
      throw new AssertionError("not malformed: " + body);
    } catch (MalformedBodyException e) {
      return e.getMessage();
    }
  }

  @Test
  void nestingTooDeepIsSaidInTheReadersTerms() throws IOException {
    assertThat(malformedBody("[" + "[".repeat(100)))
        .isEqualTo("malformed JSON at line 1, column 66: nested deeper than 64 levels");
  }

  @Test
  void aStringTooLongIsSaidInTheReadersTerms() throws IOException {
    String message = malformedBody("[{\"path\": \"/" + "p".repeat(EventStreamReader.MAX_STRING_LENGTH + 1) + "\"}]");

    assertThat(message).endsWith(": a string longer than 1048576 characters").doesNotContainPattern(JAVA_ISH);
  }

  @Test
  void anNdjsonLineTooDeepIsRejectedInTheReadersTerms() throws Exception {
    try (EventStreamReader reader =
        EventStreamReader.openFields(new ByteArrayInputStream("[".repeat(70).getBytes(UTF_8)), BodyFormat.NDJSON)) {
      assertThat(((EventStreamReader.Item.Unreadable) reader.next()).error())
          .isEqualTo("event: malformed JSON at column 66: nested deeper than 64 levels");
    }
  }

  @Test
  void databindMessagesLoseTheirJavaNames() {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    assertThatThrownBy(() -> mapper.readValue("{} {}", JsonNode.class))
        .isInstanceOfSatisfying(
            JsonProcessingException.class,
            e -> assertThat(JsonErrors.malformed(e))
                .isEqualTo("malformed JSON at line 1, column 4: more than one JSON value in the body"));
    assertThatThrownBy(() -> mapper.readValue("", JsonNode.class))
        .isInstanceOfSatisfying(
            JsonProcessingException.class,
            e -> assertThat(JsonErrors.malformed(e)).doesNotContainPattern(JAVA_ISH).endsWith(": no JSON value"));
  }
}
