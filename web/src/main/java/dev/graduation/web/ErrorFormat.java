package dev.graduation.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * How a service shapes its error bodies: both services answer {@code {"error": "..."}} as
 * {@code application/json} ({@link #JSON}); the schema registry answers Confluent's {@code
 * {"error_code": ..., "message": "..."}}. Every error a server writes, its own or Jetty's and
 * Javalin's refusals, goes through one of these, so none can carry a stack trace or a class name.
 */
public interface ErrorFormat {

  /** {@code {"error": "..."}} as {@code application/json}, the contract's error shape. */
  ErrorFormat JSON =
      new ErrorFormat() {
        @Override
        public String contentType() {
          return "application/json";
        }

        @Override
        public Object body(int status, String message) {
          return Map.of("error", message);
        }
      };

  String contentType();

  /** The body of an error, to be written as JSON. */
  Object body(int status, String message);

  /**
   * The words for a refusal the server itself makes (no route, wrong method, a request Jetty
   * cannot parse): the reason phrase in lower case, "not found", "method not allowed".
   */
  default String refusal(int status) {
    String reason = HttpStatus.getMessage(status);
    return reason == null ? "HTTP " + status : reason.toLowerCase(Locale.ROOT);
  }

  /** Answers {@code status} with the error body; marks the answer given (see {@link #answered}). */
  default void write(Context ctx, int status, String message) {
    writeBody(ctx, status, body(status, message));
  }

  /** Answers {@code status} with an error body of this format built by the caller. */
  default void writeBody(Context ctx, int status, Object body) {
    ctx.attribute(ANSWERED, Boolean.TRUE);
    ctx.status(status).contentType(contentType()).result(encode(body));
  }

  /** Whether the request already has its error answer, so a later error handler leaves it alone. */
  static boolean answered(Context ctx) {
    return ctx.attribute(ANSWERED) != null;
  }

  /** The encoded body. */
  default byte[] bytes(int status, String message) {
    return encode(body(status, message));
  }

  private static byte[] encode(Object body) {
    try {
      return Mapper.INSTANCE.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("An error body is a map of strings and numbers", e);
    }
  }

  /** The request attribute set by {@link #write}. */
  String ANSWERED = "dev.graduation.web.errorAnswered";

  /** Holds the mapper out of the interface's public constants. */
  final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();

    private Mapper() {}
  }
}
