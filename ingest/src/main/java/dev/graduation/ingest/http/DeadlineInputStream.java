package dev.graduation.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;

/**
 * A body stream that fails with {@link BodyTimeoutException} once the whole body has taken longer
 * than {@code timeout}, so that a client trickling a byte at a time cannot hold a connection and a
 * request slot forever. Jetty's idle timeout only bounds each read; this bounds their sum.
 *
 * <p>The deadline is checked before and after every read, and a read that would block past it is
 * cut short by lowering the connection's idle timeout to the time left (a silent client then fails
 * the read at the deadline, not at the idle timeout). The connection's own idle timeout is put back
 * on {@link #close()}.
 */
final class DeadlineInputStream extends FilterInputStream {

  private final Duration timeout;
  private final long deadlineNanos;
  private final EndPoint endPoint;
  private final long idleTimeoutMs;
  /** Whether the idle timeout now in force is one this stream lowered to the time left. */
  private boolean lowered;

  /**
   * @param startNanos when the request's headers were in ({@link System#nanoTime()})
   * @param endPoint the request's connection, whose idle timeout is lowered near the deadline
   */
  DeadlineInputStream(InputStream in, Duration timeout, long startNanos, EndPoint endPoint) {
    super(in);
    this.timeout = timeout;
    this.deadlineNanos = startNanos + timeout.toNanos();
    this.endPoint = endPoint;
    this.idleTimeoutMs = endPoint.getIdleTimeout();
  }

  @Override
  public int read() throws IOException {
    boundNextRead();
    try {
      return super.read();
    } catch (IOException e) {
      throw afterFailedRead(e);
    }
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    boundNextRead();
    try {
      return super.read(buffer, offset, length);
    } catch (IOException e) {
      throw afterFailedRead(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    boundNextRead();
    try {
      return super.skip(n);
    } catch (IOException e) {
      throw afterFailedRead(e);
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Restores the connection's idle timeout (the body stream itself belongs to the server). */
  @Override
  public void close() {
    if (endPoint.getIdleTimeout() != idleTimeoutMs) {
      endPoint.setIdleTimeout(idleTimeoutMs);
    }
  }

  private void boundNextRead() throws BodyTimeoutException {
    long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (leftMs <= 0) {
      throw new BodyTimeoutException(timeout);
    }
    // Only near the deadline: most bodies are read long before, without touching the connection.
    if (leftMs < idleTimeoutMs || idleTimeoutMs <= 0) {
      endPoint.setIdleTimeout(leftMs);
      lowered = true;
    }
  }

  /**
   * The idle timeout set above fails the read at the deadline, or a little before it (Jetty counts
   * idle time from the last byte received): say so rather than "idle".
   */
  private IOException afterFailedRead(IOException e) {
    if (System.nanoTime() - deadlineNanos >= 0 || (lowered && causedByTimeout(e))) {
      BodyTimeoutException timedOut = new BodyTimeoutException(timeout);
      timedOut.initCause(e);
      return timedOut;
    }
    return e;
  }

  private static boolean causedByTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
