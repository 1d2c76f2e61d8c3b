package dev.graduation.streams.topology;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.AppIds;
import dev.graduation.schemas.HttpMethods;

/**
 * Step 2: the invariants of contract section 3 that ingest enforces, checked again on read,
 * because api-calls may also be written by replays and other producers. A record that breaks one
 * cannot be counted without corrupting an app's state, so it is refused ({@link
 * ImpossibleEventException}) and lands in the DLQ.
 */
final class EventSanityCheck {

  private EventSanityCheck() {}

  static ApiCallEvent requireCountable(String key, ApiCallEvent event) {
    String problem = problem(key, event);
    if (problem != null) {
      throw new ImpossibleEventException(problem);
    }
    return event;
  }

  /** What is wrong with the event, or null. */
  static String problem(String key, ApiCallEvent event) {
    if (event == null) {
      return "a call needs a value: api-calls is not compacted, so a tombstone means nothing";
    }
    if (!AppIds.isValid(event.getAppId())) {
      return "appId " + AppIds.RULE;
    }
    if (!event.getAppId().equals(key)) {
      return "record key must be the appId";
    }
    int eventIdLength = event.getEventId().length();
    if (eventIdLength < 1 || eventIdLength > 128) {
      return "eventId must be 1-128 characters";
    }
    if (!HttpMethods.isValid(event.getMethod())) {
      return "method " + event.getMethod() + " is not an HTTP method of the contract";
    }
    if (!event.getPath().startsWith("/") || event.getPath().length() > 2048) {
      return "path must start with / and be at most 2048 characters";
    }
    if (event.getStatus() < 100 || event.getStatus() > 599) {
      return "status " + event.getStatus() + " is not an HTTP status";
    }
    if (event.getLatencyMs() != null && event.getLatencyMs() < 0) {
      return "latencyMs must not be negative";
    }
    if (event.getTimestamp().toEpochMilli() <= 0) {
      return "timestamp must be after 1970";
    }
    return null;
  }
}
