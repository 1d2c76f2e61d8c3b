package dev.graduation.streams.events;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;

/** Step 2 of the topology: what the catalog says about a call (contract sections 2 and 7). */
public final class CallEnricher {

  private final EndpointCatalog catalog;

  public CallEnricher(EndpointCatalog catalog) {
    this.catalog = catalog;
  }

  public EnrichedCall enrich(ApiCallEvent event) {
    return enrich(event, catalog.match(event.getMethod(), event.getPath()));
  }

  /**
   * The call and its endpoint key: the catalog's own string for a template of the call's method,
   * so that counting, which hashes the key of every call, hashes each such key once.
   */
  public ReceivedCall receive(ApiCallEvent event) {
    EndpointMatch match = catalog.match(event.getMethod(), event.getPath());
    return new ReceivedCall(enrich(event, match), match.key());
  }

  private static EnrichedCall enrich(ApiCallEvent event, EndpointMatch match) {
    // The constructor, not the builder: the builder validates every field of every call.
    return new EnrichedCall(
        event.getEventId(),
        event.getTimestamp().toEpochMilli(),
        event.getMethod(),
        match.endpoint(),
        match.permission(),
        match.oauth(),
        match.tokenRequest(),
        event.getStatus(),
        event.getLatencyMs(),
        event.getEnvironment().name());
  }
}
