package dev.graduation.streams.events;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;
import dev.graduation.streams.catalog.Operation;
import java.util.IdentityHashMap;
import java.util.Map;

/** Step 3 of the topology: what the catalog says about a call (contract sections 2 and 7). */
public final class CallEnricher {

  private final EndpointCatalog catalog;
  /**
   * Each catalog operation's endpoint key, made once: counting hashes the key of every call, and
   * a shared string hashes once. Read-only after construction, so stream threads share it.
   */
  private final Map<Operation, String> operationKeys = new IdentityHashMap<>();

  public CallEnricher(EndpointCatalog catalog) {
    this.catalog = catalog;
    catalog.operations().forEach(op -> operationKeys.put(op, ActivityBuckets.endpointKey(op.method(), op.template())));
  }

  public EnrichedCall enrich(ApiCallEvent event) {
    return enrich(event, catalog.match(event.getMethod(), event.getPath()));
  }

  /** The call and its endpoint key. */
  public ReceivedCall receive(ApiCallEvent event) {
    EndpointMatch match = catalog.match(event.getMethod(), event.getPath());
    Operation operation = match.operation();
    String key =
        operation != null && operation.method().equals(event.getMethod())
            ? operationKeys.get(operation)
            : ActivityBuckets.endpointKey(event.getMethod(), match.endpoint());
    return new ReceivedCall(enrich(event, match), key);
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
