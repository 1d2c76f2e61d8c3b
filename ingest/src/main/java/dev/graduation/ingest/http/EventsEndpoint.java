package dev.graduation.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.graduation.ingest.events.BodyFormat;
import dev.graduation.ingest.events.EventIngestion;
import dev.graduation.ingest.events.EventIngestion.Outcome;
import dev.graduation.ingest.events.EventIngestion.Rejection;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/events} (contract section 3). */
final class EventsEndpoint implements Handler {

  private static final Logger log = LoggerFactory.getLogger(EventsEndpoint.class);

  /** Long enough for a broker to fail over or restart, short enough to drain a gateway queue. */
  static final int KAFKA_RETRY_AFTER_SECONDS = 5;

  /**
   * The 202 (and 400) body; field order as in the contract. {@code rejectedNotListed} (an
   * extension) counts the rejections past the first 100 listed, and is left out when 0.
   */
  record Response(
      int accepted,
      List<Rejection> rejected,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rejectedNotListed) {}

  private final EventIngestion ingestion;
  private final RequestBody requestBody;

  EventsEndpoint(EventIngestion ingestion, RequestBody requestBody) {
    this.ingestion = ingestion;
    this.requestBody = requestBody;
  }

  @Override
  public void handle(Context ctx) throws InterruptedException {
    BodyFormat format = BodyFormat.fromContentType(ctx.header("Content-Type"));
    if (format == null) {
      Json.error(ctx, 415, "unsupported Content-Type: send application/json or application/x-ndjson");
      return;
    }
    Outcome outcome;
    try (InputStream body = requestBody.open(ctx)) {
      outcome = ingestion.ingest(body, format);
    } catch (IOException e) {
      RequestBody.refuse(ctx, e);
      return;
    }
    if (outcome instanceof Outcome.Accepted accepted) {
      Json.respond(
          ctx,
          accepted.accepted() > 0 ? 202 : 400,
          new Response(accepted.accepted(), accepted.rejected(), accepted.rejectedNotListed()));
    } else if (outcome instanceof Outcome.TooManyEvents tooMany) {
      Json.error(ctx, 413, "more than " + tooMany.limit() + " events in one request");
    } else if (outcome instanceof Outcome.NoEvents) {
      Json.error(ctx, 400, "no events");
    } else if (outcome instanceof Outcome.Malformed malformed) {
      Json.error(ctx, 400, malformed.error());
    } else if (outcome instanceof Outcome.Unavailable unavailable) {
      log.warn("Kafka did not take the events of a request (answered 503): {}", unavailable.cause().toString());
      Json.unavailable(
          ctx,
          KAFKA_RETRY_AFTER_SECONDS,
          "Kafka cannot take the events right now; none of them was accepted, retry later");
    }
  }
}
