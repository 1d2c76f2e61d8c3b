package dev.graduation.ingest.events;

import dev.graduation.ingest.events.EventStreamReader.Item;
import dev.graduation.ingest.kafka.EventBatch;
import dev.graduation.ingest.kafka.KafkaPublisher;
import dev.graduation.ingest.kafka.PublishFailedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code POST /v1/events} request from body to outcome: read the events one at a time, validate
 * each and keep the valid ones serialised, and only once the whole body is read and fit, send them
 * to Kafka and wait until Kafka has acknowledged all of them.
 *
 * <p>What the outcome may claim: {@link Outcome.Accepted} only after every valid event of the
 * request is acknowledged. A request refused for what it is (the body breaks off, is too large,
 * arrives too slowly) publishes nothing: publishing starts only after the last byte. Only {@link
 * Outcome.Unavailable} (Kafka failed while publishing) may leave some events of the request in
 * Kafka; it claims none of them, the gateway sends the request again and the copies are removed
 * downstream by eventId.
 */
public final class EventIngestion {

  /** A rejected event: its index in the body and the reason. */
  public record Rejection(int index, String error) {}

  /** What happened to a request's events. */
  public sealed interface Outcome {
    /**
     * Every valid event is in Kafka; {@code accepted} may be 0 (then the answer is 400). {@code
     * rejected} lists the first {@link Rejections#MAX_LISTED} rejections, {@code rejectedNotListed}
     * counts the others.
     */
    record Accepted(int accepted, List<Rejection> rejected, int rejectedNotListed) implements Outcome {}

    /** The body holds more than {@code limit} events; none of them was written. */
    record TooManyEvents(int limit) implements Outcome {}

    /** The body holds no event at all. */
    record NoEvents() implements Outcome {}

    /** The body broke off; see {@link EventStreamReader} for what that means per format. */
    record Malformed(String error) implements Outcome {}

    /** Kafka did not take the events; none of them counts as accepted. */
    record Unavailable(Throwable cause) implements Outcome {}
  }

  private final EventValidator validator;
  private final KafkaPublisher publisher;
  private final int maxEvents;
  private final Counter accepted;
  /** Accepted events by the class of the HTTP status the app got: index 1 = 1xx ... 5 = 5xx. */
  private final Counter[] acceptedByStatusClass = new Counter[6];
  private final Map<String, Counter> rejectedByReason = new HashMap<>();
  private final MeterRegistry metrics;

  /**
   * @param maxEvents most events one request may hold ({@code max.events.per.request})
   */
  public EventIngestion(EventValidator validator, KafkaPublisher publisher, int maxEvents, MeterRegistry metrics) {
    this.validator = validator;
    this.publisher = publisher;
    this.maxEvents = maxEvents;
    this.metrics = metrics;
    this.accepted =
        Counter.builder("ingest.events.accepted")
            .description("Events acknowledged by Kafka and answered with 202")
            .register(metrics);
    for (int statusClass = 1; statusClass <= 5; statusClass++) {
      acceptedByStatusClass[statusClass] =
          Counter.builder("ingest.events.accepted.by.status")
              .description("Events acknowledged by Kafka and answered with 202, by the class of the call's HTTP status")
              .tag("status_class", statusClass + "xx")
              .register(metrics);
    }
    // Registered up front so that every reason shows on /metrics from the start, at 0.
    rejectedCounter("event");
    EventValidator.FIELDS.forEach(this::rejectedCounter);
  }

  private Counter rejectedCounter(String reason) {
    return rejectedByReason.computeIfAbsent(
        reason,
        r ->
            Counter.builder("ingest.events.rejected")
                .description("Events rejected, by the field at fault (event = not an event at all)")
                .tag("reason", r)
                .register(metrics));
  }

  /**
   * @throws IOException when the body cannot be read (over the size limit, client gone): nothing is
   *     claimed then either
   */
  public Outcome ingest(InputStream body, BodyFormat format) throws IOException, InterruptedException {
    EventBatch batch = publisher.newBatch();
    Rejections rejected = new Rejections();
    int[] byStatusClass = new int[6];
    int events;
    try (EventStreamReader reader = EventStreamReader.openFields(body, format)) {
      for (Item item = reader.next(); item != null; item = reader.next()) {
        if (item.index() >= maxEvents) {
          // Stop reading: what is left of the body cannot change the answer.
          return new Outcome.TooManyEvents(maxEvents);
        }
        if (item instanceof Item.Unreadable unreadable) {
          rejected.add(unreadable.index(), "event", unreadable.error());
          continue;
        }
        ValidationResult result = validator.validate(((Item.Fields) item).event());
        if (result instanceof ValidationResult.Invalid invalid) {
          rejected.add(item.index(), invalid.field(), invalid.error());
        } else if (!batch.add(((ValidationResult.Valid) result).event())) {
          // The Schema Registry cannot be reached: no event of this request could be written.
          return new Outcome.Unavailable(batch.failure());
        } else {
          // The validator holds status to 100-599.
          byStatusClass[((ValidationResult.Valid) result).event().getStatus() / 100]++;
        }
      }
      events = reader.count();
    } catch (MalformedBodyException e) {
      return new Outcome.Malformed(e.getMessage());
    }
    if (events == 0) {
      return new Outcome.NoEvents();
    }
    int valid = batch.size();
    try {
      batch.publish();
    } catch (PublishFailedException e) {
      return new Outcome.Unavailable(e.getCause() != null ? e.getCause() : e);
    }
    accepted.increment(valid);
    for (int statusClass = 1; statusClass <= 5; statusClass++) {
      acceptedByStatusClass[statusClass].increment(byStatusClass[statusClass]);
    }
    // Every reason's counter exists from the start: request threads only read the map.
    rejected.byField()
        .forEach((field, count) -> rejectedByReason.getOrDefault(field, rejectedByReason.get("event")).increment(count));
    return new Outcome.Accepted(valid, rejected.listed(), rejected.notListed());
  }
}
