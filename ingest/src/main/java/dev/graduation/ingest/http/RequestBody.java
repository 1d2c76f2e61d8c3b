package dev.graduation.ingest.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.eclipse.jetty.server.Request;

/**
 * A request body as the endpoints read it: at most {@code max.body.bytes}, received within {@code
 * body.timeout} of the moment the endpoint starts reading. Close it when done (it gives the
 * connection its idle timeout back; the servlet stream itself stays open, it belongs to Jetty).
 */
final class RequestBody {

  private final long maxBodyBytes;
  private final Duration timeout;

  RequestBody(long maxBodyBytes, Duration timeout) {
    this.maxBodyBytes = maxBodyBytes;
    this.timeout = timeout;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The body of {@code ctx}'s request.
   *
   * @throws IOException when the servlet stream cannot be had
   */
  InputStream open(Context ctx) throws IOException {
    long start = System.nanoTime();
    InputStream wire = ctx.req().getInputStream();
    return new LimitedInputStream(
        new DeadlineInputStream(wire, timeout, start, Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint()),
        maxBodyBytes);
  }
}
