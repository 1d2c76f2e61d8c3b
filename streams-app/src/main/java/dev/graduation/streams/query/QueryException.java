package dev.graduation.streams.query;

/** A query that cannot be answered, with the HTTP status that says why (contract section 6). */
public final class QueryException extends RuntimeException {

  private final int status;

  private QueryException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static QueryException badRequest(String message) {
    return new QueryException(400, message);
  }

  public static QueryException notFound(String message) {
    return new QueryException(404, message);
  }

  /** The answer cannot be given yet (state restoring, rebalancing): retry shortly. */
  public static QueryException unavailable(String message) {
    return new QueryException(503, message);
  }
}
