package dev.graduation.streams;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;

/**
 * The shipped catalog with a planted bug: matching {@link #POISON_PATH} throws, as a bug in
 * enrichment would. Given to the topology the way it gets its catalog.
 */
public final class PoisonedCatalog extends EndpointCatalog {

  /** A valid path (the sanity check passes it) that enrichment fails on. */
  public static final String POISON_PATH = "/restapi/v1.0/planted-bug";

  public static final String MESSAGE = "planted enrichment bug";

  public PoisonedCatalog() {
    super(EndpointCatalog.load().operations());
  }

  @Override
  public EndpointMatch match(String method, String rawPath) {
    if (rawPath.startsWith(POISON_PATH)) {
      throw new IllegalStateException(MESSAGE);
    }
    return super.match(method, rawPath);
  }
}
