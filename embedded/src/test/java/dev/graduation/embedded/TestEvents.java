package dev.graduation.embedded;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic (seeded) api-call events that exercise every field, nulls included. */
public final class TestEvents {

  private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  private static final String[] PATHS = {
    "/restapi/v1.0/account/~/extension/~/call-log?view=Simple",
    "/restapi/v1.0/account/~/extension/62264425004/presence",
    "/restapi/oauth/token",
    "/restapi/v1.0/account/~/extension/~/sms",
    "/restapi/v1.0/subscription/0f5b1b2c-8e8a-4a3e-9c1d-2b3f4a5b6c7d"
  };
  private static final int[] STATUSES = {200, 200, 200, 201, 204, 301, 400, 401, 404, 429, 500, 503};
  private static final Instant BASE = Instant.parse("2026-11-23T00:00:00Z");

  private TestEvents() {}

  public static List<ApiCallEvent> apiCalls(long seed, int count, int apps) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ApiCallEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant timestamp = BASE.plusMillis(random.nextLong(2 * 24 * 3600 * 1000L));
      boolean hasLatency = random.nextInt(10) != 0;
      boolean hasReceivedAt = random.nextBoolean();
      events.add(
          ApiCallEvent.newBuilder()
              .setEventId("evt-" + seed + "-" + i)
              .setAppId("app-" + random.nextInt(apps))
              .setTimestamp(timestamp)
              .setMethod(METHODS[random.nextInt(METHODS.length)])
              .setPath(PATHS[random.nextInt(PATHS.length)])
              .setStatus(STATUSES[random.nextInt(STATUSES.length)])
              .setLatencyMs(hasLatency ? Long.valueOf(random.nextInt(5_000)) : null)
              .setEnvironment(random.nextInt(4) == 0 ? Environment.production : Environment.sandbox)
              .setReceivedAt(hasReceivedAt ? timestamp.plusMillis(random.nextInt(1_000)) : null)
              .build());
    }
    return events;
  }
}
