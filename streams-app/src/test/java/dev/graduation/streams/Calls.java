package dev.graduation.streams;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Named instants and event factories, so that tests read like stories. */
public final class Calls {

  /** A Monday, 00:00 UTC. */
  public static final Instant DAY_1 = Instant.parse("2026-01-05T00:00:00Z");
  public static final Instant DAY_2 = Instant.parse("2026-01-06T00:00:00Z");
  public static final Instant DAY_3 = Instant.parse("2026-01-07T00:00:00Z");

  public static final String CALL_LOG_PATH = "/restapi/v1.0/account/~/extension/62264425004/call-log?view=Simple";
  public static final String CALL_LOG = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log";
  public static final String PRESENCE_PATH = "/restapi/v1.0/account/~/extension/~/presence";
  public static final String PRESENCE = "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence";
  public static final String TOKEN_PATH = "/restapi/oauth/token";

  private static final AtomicLong IDS = new AtomicLong();

  private Calls() {}

  public static ApiCallEvent call(String appId, String method, String path, int status, Instant at) {
    return ApiCallEvent.newBuilder()
        .setEventId("e-" + IDS.incrementAndGet())
        .setAppId(appId)
        .setTimestamp(at)
        .setMethod(method)
        .setPath(path)
        .setStatus(status)
        .setLatencyMs(20L)
        .setEnvironment(Environment.sandbox)
        .build();
  }

  public static ApiCallEvent okCall(String appId, String path, Instant at) {
    return call(appId, "GET", path, 200, at);
  }

  public static ApiCallEvent tokenRequest(String appId, Instant at) {
    return call(appId, "POST", TOKEN_PATH, 200, at);
  }

  /** A copy of {@code event}, as a gateway retry would send it. */
  public static ApiCallEvent copyOf(ApiCallEvent event) {
    return ApiCallEvent.newBuilder(event).build();
  }

  public static AppRegistration registration(String appId, String description, List<String> permissions) {
    return AppRegistration.newBuilder()
        .setAppId(appId)
        .setName("App " + appId)
        .setDescription(description)
        .setPermissions(permissions)
        .setRegisteredAt(DAY_1)
        .setUpdatedAt(DAY_1)
        .build();
  }
}
