package dev.graduation.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Events as the gateway sends them, for tests. */
public final class TestEvents {

  private TestEvents() {}

  /** A successful GET of the call log, everything set. */
  public static ObjectNode okCall(String eventId, String appId, Instant at) {
    ObjectNode event = IngestClient.JSON.createObjectNode();
    event.put("eventId", eventId);
    event.put("appId", appId);
    event.put("timestamp", at.toString());
    event.put("method", "GET");
    event.put("path", "/restapi/v1.0/account/~/extension/~/call-log");
    event.put("status", 200);
    event.put("latencyMs", 12);
    event.put("environment", "sandbox");
    return event;
  }

  public static String json(ObjectNode event) {
    return event.toString();
  }
}
