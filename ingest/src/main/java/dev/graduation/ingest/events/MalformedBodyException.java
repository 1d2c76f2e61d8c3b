package dev.graduation.ingest.events;

/**
 * The body cannot be read any further (it is not JSON, or a JSON array breaks in the middle), so
 * the request as a whole gets 400 and none of its events is claimed as accepted.
 */
public final class MalformedBodyException extends Exception {

  public MalformedBodyException(String message) {
    super(message, null, false, false);
  }
}
