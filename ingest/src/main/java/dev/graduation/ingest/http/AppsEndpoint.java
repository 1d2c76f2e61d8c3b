package dev.graduation.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.graduation.events.AppRegistration;
import dev.graduation.ingest.apps.RegistrationService;
import dev.graduation.ingest.apps.RegistrationService.Outcome;
import dev.graduation.ingest.apps.RegistrationValidator;
import dev.graduation.ingest.apps.RegistrationValidator.Result;
import dev.graduation.ingest.events.EventStreamReader;
import dev.graduation.ingest.events.JsonErrors;
import dev.graduation.ingest.kafka.PublishFailedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code PUT /v1/apps/{appId}} (contract section 4): 201 the first time, 200 after. */
final class AppsEndpoint implements Handler {

  private static final Logger log = LoggerFactory.getLogger(AppsEndpoint.class);

  private static final ObjectReader READER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(EventStreamReader.MAX_NESTING_DEPTH)
                          .maxStringLength(EventStreamReader.MAX_STRING_LENGTH)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readerFor(JsonNode.class);

  /** The stored registration as the response shows it; times in RFC 3339 UTC. */
  record Response(
      String appId,
      String name,
      String description,
      List<String> permissions,
      String registeredAt,
      String updatedAt) {

    static Response of(AppRegistration registration) {
      return new Response(
          registration.getAppId(),
          registration.getName(),
          registration.getDescription(),
          registration.getPermissions(),
          registration.getRegisteredAt().toString(),
          registration.getUpdatedAt().toString());
    }
  }

  private final RegistrationValidator validator;
  private final RegistrationService registrations;
  private final RequestBody requestBody;

  AppsEndpoint(RegistrationValidator validator, RegistrationService registrations, RequestBody requestBody) {
    this.validator = validator;
    this.registrations = registrations;
    this.requestBody = requestBody;
  }

  @Override
  public void handle(Context ctx) throws InterruptedException {
    JsonNode body;
    try (InputStream in = requestBody.open(ctx)) {
      body = READER.readValue(in);
    } catch (JsonProcessingException e) {
      Json.error(ctx, 400, JsonErrors.malformed(e));
      return;
    } catch (IOException e) {
      RequestBody.refuse(ctx, e);
      return;
    }

    Result result = validator.validate(ctx.pathParam("appId"), body);
    if (result instanceof Result.Invalid invalid) {
      Json.error(ctx, 400, invalid.error());
      return;
    }
    try {
      Outcome outcome = registrations.register(((Result.Valid) result).request());
      Json.respond(ctx, outcome.created() ? 201 : 200, Response.of(outcome.registration()));
    } catch (RegistrationService.NotReadyException e) {
      Json.unavailable(ctx, EventsEndpoint.KAFKA_RETRY_AFTER_SECONDS, e.getMessage() + "; retry later");
    } catch (PublishFailedException e) {
      log.warn("Kafka did not take a registration (answered 503): {}", String.valueOf(e.getCause()));
      Json.unavailable(
          ctx,
          EventsEndpoint.KAFKA_RETRY_AFTER_SECONDS,
          "Kafka cannot take the registration right now; it was not stored, retry later");
    }
  }
}
