package dev.graduation.streams.it;

import dev.graduation.streams.it.TrafficModel.Call;
import dev.graduation.streams.it.TrafficModel.Registration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What contract sections 1, 5 and 7 say every app's eligibility must be: a plain loop over the
 * deduplicated events, with the default thresholds written out. It shares nothing with the main
 * code (no catalog, no buckets, no rules): the path table says what each call is.
 */
final class Oracle {

  static final long MIN_SUCCESSFUL_CALLS = 20;
  static final long MIN_SUCCESSFUL_PER_ENDPOINT = 5;
  static final BigDecimal MAX_CLIENT_ERROR_RATE = new BigDecimal("0.05");
  static final long MAX_TOKEN_REQUESTS_PER_HOUR = 5;
  static final long MIN_DESCRIPTION_LENGTH = 40;

  static final List<String> RULE_IDS =
      List.of(
          "total-successful-calls",
          "successful-calls-per-endpoint",
          "client-error-rate",
          "no-throttling",
          "permissions-exercised",
          "token-usage",
          "app-description");

  static final List<String> TOTALS =
      List.of("calls", "successful", "clientErrors", "throttled", "serverErrors", "oauthCalls", "tokenRequests");

  record Counts(long calls, long successful) {}

  /** An endpoint's counts, and the same per HTTP method (the breakdown the response may add). */
  record EndpointRow(Counts counts, Map<String, Counts> byMethod) {}

  record PermissionRow(boolean declared, long calls, long successful) {}

  /** {@code actual} and {@code required} null where the contract says so. */
  record RuleRow(boolean passed, BigDecimal actual, BigDecimal required) {}

  record Expected(
      String appId,
      boolean eligible,
      Instant from,
      Instant to,
      Map<String, Long> totals,
      Map<String, EndpointRow> endpoints,
      Map<String, PermissionRow> permissions,
      Map<String, RuleRow> rules) {

    Set<String> failedRules() {
      Set<String> failed = new LinkedHashSet<>();
      rules.forEach((id, rule) -> {
        if (!rule.passed()) {
          failed.add(id);
        }
      });
      return failed;
    }
  }

  private Oracle() {}

  /** The events the app must count: the first copy of every eventId, in send order. */
  static List<Call> dedup(List<Call> sent) {
    Set<String> seen = new HashSet<>();
    List<Call> first = new ArrayList<>();
    for (Call call : sent) {
      if (seen.add(call.eventId())) {
        first.add(call);
      }
    }
    return first;
  }

  /** Every app's expectation at the traffic's evaluation instant, in plan order. */
  static Map<String, Expected> expectAll(TrafficModel.Traffic traffic) {
    return expectAll(traffic, traffic.at());
  }

  /** Every app's expectation at {@code at}, in plan order. */
  static Map<String, Expected> expectAll(TrafficModel.Traffic traffic, Instant at) {
    List<Call> counted = dedup(traffic.sendOrder());
    Map<String, Expected> expected = new LinkedHashMap<>();
    for (TrafficModel.AppPlan plan : traffic.apps()) {
      expected.put(plan.appId(), expect(plan.appId(), counted, plan.latest(), at));
    }
    return expected;
  }

  /** Every app's expectation at {@code at} for seeded traffic: the latest registration wins. */
  static Map<String, Expected> expectAll(SeededTraffic.Traffic traffic, Instant at) {
    Map<String, List<Call>> callsByApp = new HashMap<>();
    dedup(traffic.sendOrder()).forEach(call -> callsByApp.computeIfAbsent(call.appId(), a -> new ArrayList<>()).add(call));
    Map<String, Registration> latest = new HashMap<>();
    traffic.registrations().forEach(r -> latest.put(r.appId(), r.registration()));
    Map<String, Expected> expected = new LinkedHashMap<>();
    for (String appId : traffic.appIds()) {
      expected.put(appId, expect(appId, callsByApp.getOrDefault(appId, List.of()), latest.get(appId), at));
    }
    return expected;
  }

  /** Apps whose expected failures differ from what they were designed to fail. */
  static List<String> brokenDesigns(TrafficModel.Traffic traffic, Map<String, Expected> expected) {
    List<String> broken = new ArrayList<>();
    for (TrafficModel.AppPlan plan : traffic.apps()) {
      Set<String> failed = expected.get(plan.appId()).failedRules();
      if (plan.designedFailures() != null && !failed.equals(plan.designedFailures())) {
        broken.add(plan.appId() + ": designed to fail " + plan.designedFailures() + " but fails " + failed);
      }
    }
    return broken;
  }

  static Expected expect(String appId, List<Call> deduplicated, Registration registration, Instant at) {
    Instant from = at.truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
    long calls = 0;
    long successful = 0;
    long clientErrors = 0;
    long throttled = 0;
    long serverErrors = 0;
    long oauthCalls = 0;
    long oauthThrottled = 0;
    long tokenRequests = 0;
    Map<String, long[]> endpoints = new TreeMap<>();
    Map<String, Map<String, long[]>> endpointMethods = new TreeMap<>();
    Map<String, long[]> permissions = new TreeMap<>();
    Map<Instant, long[]> hours = new TreeMap<>(); // hour -> {token requests, API calls}

    for (Call call : deduplicated) {
      Instant t = call.timestamp();
      if (!call.appId().equals(appId) || t.isBefore(from) || t.isAfter(at)) {
        continue;
      }
      int status = call.status();
      boolean ok = status >= 200 && status < 300;
      long[] hour = hours.computeIfAbsent(t.truncatedTo(ChronoUnit.HOURS), h -> new long[2]);
      if (call.route().oauth()) {
        oauthCalls++;
        if (status == 429) {
          oauthThrottled++;
        }
        if (call.route().tokenRequest()) {
          tokenRequests++;
          hour[0]++;
        }
      } else {
        calls++;
        hour[1]++;
        if (ok) {
          successful++;
        }
        if (status >= 400 && status < 500) {
          clientErrors++;
        }
        if (status == 429) {
          throttled++;
        }
        if (status >= 500 && status < 600) {
          serverErrors++;
        }
        long[] endpoint = endpoints.computeIfAbsent(call.route().template(), e -> new long[2]);
        endpoint[0]++;
        endpoint[1] += ok ? 1 : 0;
        long[] method =
            endpointMethods.computeIfAbsent(call.route().template(), e -> new TreeMap<>())
                .computeIfAbsent(call.route().method(), m -> new long[2]);
        method[0]++;
        method[1] += ok ? 1 : 0;
      }
      if (call.route().permission() != null) {
        long[] permission = permissions.computeIfAbsent(call.route().permission(), p -> new long[2]);
        permission[0]++;
        permission[1] += ok ? 1 : 0;
      }
    }

    Map<String, Long> totals = new LinkedHashMap<>();
    totals.put("calls", calls);
    totals.put("successful", successful);
    totals.put("clientErrors", clientErrors);
    totals.put("throttled", throttled);
    totals.put("serverErrors", serverErrors);
    totals.put("oauthCalls", oauthCalls);
    totals.put("tokenRequests", tokenRequests);

    Map<String, EndpointRow> endpointRows = new TreeMap<>();
    endpoints.forEach((e, c) -> {
      Map<String, Counts> byMethod = new TreeMap<>();
      endpointMethods.get(e).forEach((m, mc) -> byMethod.put(m, new Counts(mc[0], mc[1])));
      endpointRows.put(e, new EndpointRow(new Counts(c[0], c[1]), byMethod));
    });

    List<String> declared =
        registration == null ? List.of() : List.copyOf(new LinkedHashSet<>(registration.permissions()));
    Map<String, PermissionRow> permissionRows = new LinkedHashMap<>();
    for (String p : declared) {
      long[] c = permissions.getOrDefault(p, new long[2]);
      permissionRows.put(p, new PermissionRow(true, c[0], c[1]));
    }
    permissions.forEach((p, c) -> {
      if (!declared.contains(p) && c[1] > 0) {
        permissionRows.put(p, new PermissionRow(false, c[0], c[1]));
      }
    });

    Map<String, RuleRow> rules = new LinkedHashMap<>();
    rules.put("total-successful-calls",
        new RuleRow(successful >= MIN_SUCCESSFUL_CALLS, num(successful), num(MIN_SUCCESSFUL_CALLS)));

    if (endpoints.isEmpty()) {
      rules.put("successful-calls-per-endpoint", new RuleRow(true, null, num(MIN_SUCCESSFUL_PER_ENDPOINT)));
    } else {
      long fewest = Long.MAX_VALUE;
      for (long[] c : endpoints.values()) {
        fewest = Math.min(fewest, c[1]);
      }
      rules.put("successful-calls-per-endpoint",
          new RuleRow(fewest >= MIN_SUCCESSFUL_PER_ENDPOINT, num(fewest), num(MIN_SUCCESSFUL_PER_ENDPOINT)));
    }

    if (calls == 0) {
      rules.put("client-error-rate", new RuleRow(true, BigDecimal.ZERO, MAX_CLIENT_ERROR_RATE));
    } else {
      // errors / calls < 0.05  <=>  20 errors < calls, in integers
      boolean passed = 20 * clientErrors < calls;
      BigDecimal rate = BigDecimal.valueOf(clientErrors).divide(BigDecimal.valueOf(calls), 4, RoundingMode.HALF_UP);
      rules.put("client-error-rate", new RuleRow(passed, rate, MAX_CLIENT_ERROR_RATE));
    }

    long all429 = throttled + oauthThrottled;
    rules.put("no-throttling", new RuleRow(all429 == 0, num(all429), num(0)));

    if (registration == null) {
      rules.put("permissions-exercised", new RuleRow(false, num(0), null));
    } else {
      long exercised = 0;
      for (String p : declared) {
        if (permissions.containsKey(p) && permissions.get(p)[1] >= 1) {
          exercised++;
        }
      }
      rules.put("permissions-exercised", new RuleRow(exercised == declared.size(), num(exercised), num(declared.size())));
    }

    long busiest = 0;
    boolean excessiveHour = false;
    for (long[] h : hours.values()) {
      busiest = Math.max(busiest, h[0]);
      // more than 5 token requests and at least half as many token requests as API calls
      if (h[0] > MAX_TOKEN_REQUESTS_PER_HOUR && 2 * h[0] >= h[1]) {
        excessiveHour = true;
      }
    }
    rules.put("token-usage",
        new RuleRow(!excessiveHour && oauthThrottled == 0, num(busiest), num(MAX_TOKEN_REQUESTS_PER_HOUR)));

    long length =
        registration == null
            ? 0
            : registration.description().codePointCount(0, registration.description().length());
    rules.put("app-description",
        new RuleRow(registration != null && length >= MIN_DESCRIPTION_LENGTH, num(length), num(MIN_DESCRIPTION_LENGTH)));

    boolean eligible = rules.values().stream().allMatch(RuleRow::passed);
    return new Expected(appId, eligible, from, at, totals, endpointRows, permissionRows, rules);
  }

  private static BigDecimal num(long value) {
    return BigDecimal.valueOf(value);
  }
}
