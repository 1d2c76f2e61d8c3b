package dev.graduation.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error pages (a request line it cannot parse, headers too large, an ambiguous URI)
 * as {@code {"error": "..."}} instead of HTML, so that every error of the service is JSON.
 */
public final class JsonErrorHandler extends ErrorHandler {

  private static final String CONTENT_TYPE = "application/json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    response.setContentType(CONTENT_TYPE);
    response.getOutputStream().write(body(response.getStatus()));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    return ByteBuffer.wrap(body(status));
  }

  private static byte[] body(int status) {
    String reason = HttpStatus.getMessage(status);
    try {
      return JSON.writeValueAsBytes(
          Map.of("error", reason == null ? "HTTP " + status : reason.toLowerCase(Locale.ROOT)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A one-field map is always JSON", e);
    }
  }
}
