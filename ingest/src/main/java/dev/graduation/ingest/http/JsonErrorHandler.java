package dev.graduation.ingest.http;

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
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    response.setContentType(Json.CONTENT_TYPE);
    response.getOutputStream().write(body(response.getStatus()));
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
    return ByteBuffer.wrap(body(status));
  }

  private static byte[] body(int status) {
    String reason = HttpStatus.getMessage(status);
    return Json.bytes(Map.of("error", reason == null ? "HTTP " + status : reason.toLowerCase(Locale.ROOT)));
  }
}
