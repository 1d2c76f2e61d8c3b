package dev.graduation.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's worked example as events a gateway posts: endpoints call-log and presence, 3 + 3
 * successful calls yesterday, {@code callLogToday} + 12 today (with 2: per endpoint 5 and 15, total
 * 20, both call-count rules pass). Shared by every end-to-end test that runs it.
 */
final class SeedExample {

  static final String CALL_LOG = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log";
  static final String PRESENCE = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence";

  private SeedExample() {}

  /** 3 + 3 calls yesterday, {@code callLogToday} + 12 today; every call succeeds. */
  static List<Map<String, Object>> events(String app, int callLogToday) {
    Instant now = Instant.now();
    Instant yesterday = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plus(Duration.ofHours(15));
    Instant today = now.minus(Duration.ofMinutes(2));
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(event(app, "/restapi/v1.0/account/~/extension/62264425004/call-log?view=Simple", yesterday.plusSeconds(i)));
      events.add(event(app, "/restapi/v1.0/account/~/extension/~/presence", yesterday.plusSeconds(30 + i)));
    }
    for (int i = 0; i < callLogToday; i++) {
      events.add(event(app, "/restapi/v1.0/account/~/extension/~/call-log", today.plusSeconds(i)));
    }
    for (int i = 0; i < 12; i++) {
      events.add(event(app, "/restapi/v1.0/account/12345/extension/67890/presence?detailedTelephonyState=true", today.plusSeconds(10 + i)));
    }
    return events;
  }

  static Map<String, Object> event(String app, String path, Instant at) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("eventId", app + "-" + at.toEpochMilli() + "-" + path.hashCode());
    event.put("appId", app);
    event.put("timestamp", at.toString());
    event.put("method", "GET");
    event.put("path", path);
    event.put("status", 200);
    event.put("latencyMs", 35);
    return event;
  }

  /** The app's eligibility once the query API counts {@code calls} API calls for it. */
  static JsonNode eligibilityAfter(String queryUrl, String queryToken, String app, int calls) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> Http.get(queryUrl + "/v1/apps/" + app + "/eligibility", queryToken),
            reply -> reply.status() == 200 && reply.body().at("/totals/calls").asInt() == calls)
        .body();
  }

  /** The seed example's per-endpoint counts, as the eligibility answer lists them. */
  static JsonNode endpoints() {
    return Http.json("""
        [{"endpoint": "%s", "calls": 5, "successful": 5, "methods": [{"method": "GET", "calls": 5, "successful": 5}]},
         {"endpoint": "%s", "calls": 15, "successful": 15, "methods": [{"method": "GET", "calls": 15, "successful": 15}]}]
        """.formatted(CALL_LOG, PRESENCE));
  }
}
