package dev.graduation.streams.rules;

import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;
import dev.graduation.streams.rules.WindowActivity.CallCounts;
import dev.graduation.streams.rules.WindowActivity.EndpointActivity;
import dev.graduation.streams.rules.WindowActivity.HourActivity;
import dev.graduation.streams.rules.WindowActivity.Registration;
import dev.graduation.streams.rules.WindowActivity.Totals;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Test fixtures: an app's window built from the calls it made, as a gateway would report them. Each
 * call goes through the real catalog and is counted the way contract section 7 says, so a test
 * reads like a story: {@code window().calls(3, 200, "GET", CALL_LOG, YESTERDAY).build()}.
 *
 * <p>This is a small, obviously-correct model of the counting, not the topology: the rules only see
 * its output.
 */
final class Activities {

  static final Instant YESTERDAY = Instant.parse("2026-01-05T09:00:00Z");
  static final Instant TODAY = Instant.parse("2026-01-06T09:00:00Z");

  /** The evaluation instant: the window is 2026-01-05T00:00:00Z to here (calendar mode). */
  static final Instant AT = Instant.parse("2026-01-06T10:00:00Z");

  static final String CALL_LOG = "/restapi/v1.0/account/~/extension/62264425004/call-log";
  static final String PRESENCE = "/restapi/v1.0/account/~/extension/62264425004/presence";
  static final String SMS = "/restapi/v1.0/account/~/extension/~/sms";
  static final String TOKEN = "/restapi/oauth/token";
  static final String WSTOKEN = "/restapi/oauth/wstoken";

  static final String CALL_LOG_TEMPLATE =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log";
  static final String PRESENCE_TEMPLATE =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence";

  static final String FORTY_CHARS = "Syncs call logs into the CRM every hour.";

  private static final EndpointCatalog CATALOG = EndpointCatalog.load();

  private Activities() {}

  static Builder window() {
    return new Builder();
  }

  /** The hour starting at {@code hour} o'clock today (UTC). */
  static Instant todayAt(int hour) {
    return TODAY.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(hour));
  }

  record Call(String method, String path, int status, Instant at) {}

  static final class Builder {
    private final List<Call> calls = new ArrayList<>();
    private Optional<Registration> registration = Optional.empty();

    /** {@code n} calls, all with this status, at {@code at}. */
    Builder calls(int n, int status, String method, String path, Instant at) {
      for (int i = 0; i < n; i++) {
        calls.add(new Call(method, path, status, at));
      }
      return this;
    }

    /** {@code n} calls with this status yesterday. */
    Builder calls(int n, int status, String method, String path) {
      return calls(n, status, method, path, YESTERDAY);
    }

    /** {@code n} successful GETs yesterday. */
    Builder ok(int n, String path) {
      return calls(n, 200, "GET", path);
    }

    /**
     * {@code n} token requests ({@code POST /restapi/oauth/token}) with this status at {@code at}.
     */
    Builder tokens(int n, int status, Instant at) {
      return calls(n, status, "POST", TOKEN, at);
    }

    Builder registered(String description, String... permissions) {
      registration =
          Optional.of(new Registration("CRM sync", description, Arrays.asList(permissions)));
      return this;
    }

    WindowActivity build() {
      long apiCalls = 0, successful = 0, clientErrors = 0, throttled = 0, serverErrors = 0;
      long oauthCalls = 0, oauthThrottled = 0, tokenRequests = 0;
      Map<String, Map<String, CallCounts>> byEndpoint = new TreeMap<>();
      Map<String, CallCounts> permissions = new TreeMap<>();
      Map<Instant, long[]> hours = new TreeMap<>(); // hour -> {token requests, API calls}
      for (Call call : calls) {
        EndpointMatch match = CATALOG.match(call.method(), call.path());
        boolean ok = call.status() >= 200 && call.status() < 300;
        CallCounts one = new CallCounts(1, ok ? 1 : 0);
        long[] hour =
            hours.computeIfAbsent(call.at().truncatedTo(ChronoUnit.HOURS), h -> new long[2]);
        if (match.permission() != null) {
          permissions.merge(match.permission(), one, CallCounts::plus);
        }
        if (match.oauth()) {
          oauthCalls++;
          oauthThrottled += call.status() == 429 ? 1 : 0;
          if (match.tokenRequest()) {
            tokenRequests++;
            hour[0]++;
          }
          continue;
        }
        apiCalls++;
        hour[1]++;
        successful += ok ? 1 : 0;
        clientErrors += call.status() >= 400 && call.status() < 500 ? 1 : 0;
        throttled += call.status() == 429 ? 1 : 0;
        serverErrors += call.status() >= 500 ? 1 : 0;
        byEndpoint
            .computeIfAbsent(match.endpoint(), e -> new TreeMap<>())
            .merge(call.method(), one, CallCounts::plus);
      }
      Map<String, EndpointActivity> endpoints = new TreeMap<>();
      byEndpoint.forEach(
          (endpoint, byMethod) ->
              endpoints.put(
                  endpoint,
                  new EndpointActivity(
                      endpoint,
                      byMethod.values().stream().reduce(CallCounts.ZERO, CallCounts::plus),
                      byMethod)));
      List<HourActivity> hourList = new ArrayList<>();
      hours.forEach((start, c) -> hourList.add(new HourActivity(start, c[0], c[1])));
      return new WindowActivity(
          RuleConfig.DEFAULTS.windowMode().windowStart(AT),
          AT,
          new Totals(
              apiCalls,
              successful,
              clientErrors,
              throttled,
              serverErrors,
              oauthCalls,
              oauthThrottled,
              tokenRequests),
          endpoints,
          permissions,
          hourList,
          registration);
    }
  }
}
