package dev.graduation.ingest.events;

import dev.graduation.events.ApiCallEvent;

/** What {@link EventValidator} made of one event: the event to produce, or why it was rejected. */
public sealed interface ValidationResult {

  /** A valid event, ready to be produced. */
  record Valid(ApiCallEvent event) implements ValidationResult {}

  /**
   * A rejected event.
   *
   * @param field the field at fault ({@code event} when the event as a whole is), the metric's
   *     low-cardinality {@code reason} tag
   * @param error the message for the response, always {@code "<field>: <what is wrong>"}
   */
  record Invalid(String field, String error) implements ValidationResult {

    public static Invalid of(String field, String problem) {
      return new Invalid(field, field + ": " + problem);
    }
  }
}
