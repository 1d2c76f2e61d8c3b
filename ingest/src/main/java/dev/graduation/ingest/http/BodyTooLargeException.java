package dev.graduation.ingest.http;

import java.io.IOException;

/** The request body went past the configured limit: 413. */
public final class BodyTooLargeException extends IOException {

  public BodyTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes");
  }
}
