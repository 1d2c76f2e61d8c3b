package dev.graduation.ingest.http;

import java.io.IOException;
import java.time.Duration;

/** The request body was not fully received within {@code body.timeout}: 408. */
public final class BodyTimeoutException extends IOException {

  public BodyTimeoutException(Duration timeout) {
    super("request body not received within " + timeout.toMillis() + " ms");
  }
}
