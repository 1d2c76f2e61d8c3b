package dev.graduation.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.web.ErrorFormat;
import io.javalin.http.Context;

/** Writes JSON responses; every error of the service has the shape {@code {"error": "..."}}. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CONTENT_TYPE = "application/json";

  private Json() {}

  static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
  }

  static void error(Context ctx, int status, String message) {
    ErrorFormat.JSON.write(ctx, status, message);
  }

  /** 503 with the Retry-After the gateway should honour. */
  static void unavailable(Context ctx, int retryAfterSeconds, String message) {
    ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
    error(ctx, 503, message);
  }

  static byte[] bytes(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // Only maps, lists, strings and numbers are written: this cannot happen.
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }
}
