package dev.graduation.ingest.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body as the endpoints read it: at most {@code max.body.bytes}, received within {@code
 * body.timeout} of the moment the endpoint starts reading, and decompressed when sent with {@code
 * Content-Encoding: gzip} (then the limit holds for the compressed bytes and again for the
 * decompressed ones, so a gzip bomb gets 413 like any other large body). Close it when done (it
 * gives the connection its idle timeout back; the servlet stream itself stays open, it belongs to
 * Jetty).
 */
final class RequestBody {

  private static final Logger log = LoggerFactory.getLogger(RequestBody.class);

  /** The decompressor's buffer: the reader asks for 64 KiB at a time. */
  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

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
    InputStream wire =
        new LimitedInputStream(
            new DeadlineInputStream(
                ctx.req().getInputStream(), timeout, start, Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint()),
            maxBodyBytes);
    if (!isGzip(ctx.header("Content-Encoding"))) {
      return wire;
    }
    try {
      return new LimitedInputStream(new GZIPInputStream(wire, GZIP_BUFFER_BYTES), maxBodyBytes);
    } catch (IOException e) {
      wire.close();
      throw e;
    }
  }

  /**
   * The answer to a body that could not be read: 413 past the size limit, 408 past the deadline,
   * 400 for bytes that are not the gzip they claim to be, or a body that broke off (the client hung
   * up or sent a broken chunk; it will hardly read this answer).
   */
  static void refuse(Context ctx, IOException e) {
    if (e instanceof BodyTooLargeException) {
      Json.error(ctx, 413, e.getMessage());
    } else if (e instanceof BodyTimeoutException) {
      // The rest of the body is not read, so the connection cannot carry another request.
      ctx.header("Connection", "close");
      Json.error(ctx, 408, e.getMessage());
    } else if (e instanceof ZipException) {
      Json.error(ctx, 400, "request body is not valid gzip");
    } else {
      log.debug("Could not read a request body: {}", e.toString());
      Json.error(ctx, 400, "could not read the request body");
    }
  }

  /**
   * Whether ingest can read a body with this {@code Content-Encoding}: none, {@code identity} or
   * {@code gzip} ({@code x-gzip}). Anything else, a list of codings included, gets 415.
   */
  static boolean supportsEncoding(String contentEncoding) {
    return contentEncoding == null
        || contentEncoding.isBlank()
        || contentEncoding.trim().equalsIgnoreCase("identity")
        || isGzip(contentEncoding);
  }

  private static boolean isGzip(String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    String coding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    return coding.equals("gzip") || coding.equals("x-gzip");
  }
}
