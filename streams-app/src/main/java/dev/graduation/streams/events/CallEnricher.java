package dev.graduation.streams.events;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;

/** Step 3 of the topology: what the catalog says about a call (contract sections 2 and 7). */
public final class CallEnricher {

  private final EndpointCatalog catalog;

  public CallEnricher(EndpointCatalog catalog) {
    this.catalog = catalog;
  }

  public EnrichedCall enrich(ApiCallEvent event) {
    EndpointMatch match = catalog.match(event.getMethod(), event.getPath());
    return EnrichedCall.newBuilder()
        .setEventId(event.getEventId())
        .setTimestamp(event.getTimestamp().toEpochMilli())
        .setMethod(event.getMethod())
        .setEndpoint(match.endpoint())
        .setPermission(match.permission())
        .setOauth(match.oauth())
        .setTokenRequest(match.tokenRequest())
        .setStatus(event.getStatus())
        .setLatencyMs(event.getLatencyMs())
        .setEnvironment(event.getEnvironment().name())
        .build();
  }
}
