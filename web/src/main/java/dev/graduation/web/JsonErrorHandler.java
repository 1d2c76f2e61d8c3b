package dev.graduation.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error pages (a request line it cannot parse, headers too large, an ambiguous URI)
 * in the service's {@link ErrorFormat} instead of HTML, so that every error of the service is
 * JSON; worded by the status alone, so Jetty's reason (which may name a class) never shows.
 */
public final class JsonErrorHandler extends ErrorHandler {

  private final ErrorFormat format;

  /** Errors as {@code {"error": "..."}}. */
  public JsonErrorHandler() {
    this(ErrorFormat.JSON);
  }

  public JsonErrorHandler(ErrorFormat format) {
    this.format = format;
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    if (response.isCommitted()) {
      return;
    }
    // Jetty resets the headers of a response it turns into an error page.
    response.setHeader(SecurityHeaders.CONTENT_TYPE_OPTIONS, SecurityHeaders.NOSNIFF);
    response.setContentType(format.contentType());
    int status = response.getStatus();
    response.getOutputStream().write(format.bytes(status, format.refusal(status)));
  }

  /** A request Jetty refused before any handler saw it: the response has no headers yet. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, format.contentType());
    fields.put(SecurityHeaders.CONTENT_TYPE_OPTIONS, SecurityHeaders.NOSNIFF);
    return ByteBuffer.wrap(format.bytes(status, format.refusal(status)));
  }
}
