package dev.graduation.streams.it;

import dev.graduation.streams.it.PathTable.Route;
import dev.graduation.streams.it.TrafficModel.Call;
import dev.graduation.streams.it.TrafficModel.Registration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded traffic at volume for the crash test: {@code apps * eventsPerApp} distinct events (200,000
 * in the test) plus ~5 % exact copies, in the order a gateway would deliver them: mostly in
 * event-time order, ~3 % late by 1 to 12 hours, copies 0.1 to 60 s after their original (so the
 * 1 h dedup horizon always catches them and "first copy wins" is the exact expectation). Event
 * times run from two hours before the calendar window of {@code at} to three minutes after
 * {@code at}, so both ends of the window cut traffic, and the hour of {@code at} is answered by
 * refolding raw calls.
 *
 * <p>It reuses the oracle test's vocabulary: routes from the hand-written {@link PathTable},
 * {@link TrafficModel.Call} and {@link TrafficModel.Registration}, so {@link Oracle} computes the
 * expectation. {@link TrafficModel} itself plans ~45 apps with designed edge cases; this one plans
 * 200 apps from random profiles drawn so that every rule both passes and fails for some of them.
 */
final class SeededTraffic {

  /** A registration as sent, in order: a later one for the same app wins. */
  record Registered(String appId, Registration registration) {}

  /**
   * @param sendOrder every record in delivery order, copies included
   * @param registrations in production order
   * @param uniqueEvents distinct eventIds
   * @param duplicates extra copies
   * @param lateEvents events delivered an hour or more after their event time
   */
  record Traffic(
      List<String> appIds, List<Call> sendOrder, List<Registered> registrations, int uniqueEvents, int duplicates, int lateEvents) {}

  /** Declared by some apps and named by no route of the path table: never exercised. */
  static final String NEVER_EXERCISED = "ReadAuditTrail";

  private static final Route TOKEN = PathTable.TOKEN.get(0);
  private static final int TINY_MIN = 12;
  private static final int TINY_MAX = 34;

  private record Arrival(Call call, long arrivalMs, long seq) {}

  private final Random random;
  private final Instant at;
  private final Instant windowFrom;
  private final Instant spanFrom;
  private final Instant spanTo;
  private final List<String> appIds = new ArrayList<>();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final List<Registered> registrations = new ArrayList<>();
  private long seq;
  private int late;

  private SeededTraffic(long seed, Instant at) {
    this.random = new Random(seed);
    this.at = at;
    this.windowFrom = TrafficModel.windowStart(at);
    this.spanFrom = windowFrom.minus(Duration.ofHours(2));
    this.spanTo = at.plus(Duration.ofMinutes(3));
  }

  static Traffic generate(long seed, Instant at, int apps, int eventsPerApp) {
    boolean named =
        PathTable.ALL_API.stream().anyMatch(route -> NEVER_EXERCISED.equals(route.permission()))
            || NEVER_EXERCISED.equals(PathTable.WS_TOKEN.permission());
    if (named) {
      throw new IllegalStateException(NEVER_EXERCISED + " is named by a route of PathTable now");
    }
    SeededTraffic traffic = new SeededTraffic(seed, at);
    // One app in ten is tiny (around 20 successful calls); the others share the rest evenly.
    int[] budgets = new int[apps];
    int tinyTotal = 0;
    int tinyApps = 0;
    for (int i = 0; i < apps; i++) {
      if (tiny(i)) {
        budgets[i] = TINY_MIN + traffic.random.nextInt(TINY_MAX - TINY_MIN + 1);
        tinyTotal += budgets[i];
        tinyApps++;
      }
    }
    int rest = apps * eventsPerApp - tinyTotal;
    int regularApps = apps - tinyApps;
    for (int i = 0, regular = 0; i < apps; i++) {
      if (!tiny(i)) {
        budgets[i] = rest / regularApps + (regular++ < rest % regularApps ? 1 : 0);
      }
    }
    for (int i = 0; i < apps; i++) {
      String appId = String.format("crash-app-%03d", i);
      traffic.appIds.add(appId);
      if (tiny(i)) {
        traffic.tinyApp(appId, budgets[i]);
      } else {
        traffic.app(appId, i, budgets[i]);
      }
    }
    return traffic.finish();
  }

  private static boolean tiny(int index) {
    return index % 10 == 7;
  }

  /** A handful of calls to two endpoints: around the 20 successful calls of the rule. */
  private void tinyApp(String appId, int events) {
    List<Route> used = pick(PathTable.ALL_API, 2);
    emit(appId, TOKEN, 200, randomTime());
    emit(appId, TOKEN, 200, randomTime());
    for (int emitted = 2; emitted < events; emitted++) {
      emit(appId, used.get(emitted % 2), apiStatus(0.01), randomTime());
    }
    register(appId, used, false);
  }

  private void app(String appId, int index, int events) {
    List<Route> used = pick(PathTable.ALL_API, 3 + random.nextInt(4));
    // A rarely called endpoint may miss its 5 successful calls.
    Route rare = random.nextDouble() < 0.35 ? used.get(used.size() - 1) : null;
    double clientErrorRate = new double[] {0.0, 0.01, 0.03, 0.045, 0.055, 0.08}[random.nextInt(6)];
    boolean throttled = random.nextDouble() < 0.15;
    boolean oauthThrottled = random.nextDouble() < 0.05;
    boolean usesWebSocket = random.nextDouble() < 0.3;
    int emitted = 0;

    // Token requests about once an hour, as a well-behaved app does.
    for (Instant hour = spanFrom; hour.isBefore(spanTo); hour = hour.plus(Duration.ofHours(1))) {
      emit(appId, PathTable.TOKEN.get(random.nextInt(PathTable.TOKEN.size())), 200, randomTimeIn(hour));
      emitted++;
    }
    if (usesWebSocket) {
      for (int i = 0; i < 3; i++) {
        emit(appId, PathTable.WS_TOKEN, i == 0 ? 400 : 200, randomTime());
        emitted++;
      }
    }
    emit(appId, PathTable.OTHER_OAUTH.get(random.nextInt(PathTable.OTHER_OAUTH.size())), 200, randomTime());
    emitted++;
    if (oauthThrottled) {
      emit(appId, TOKEN, 429, randomTime());
      emitted++;
    }
    double tokenProfile = random.nextDouble();
    if (tokenProfile < 0.1) {
      // Logs in before every call for an hour: fails token-usage.
      Instant hour = randomWindowHour();
      for (int i = 0; i < 40; i++) {
        emit(appId, TOKEN, 200, randomTimeIn(hour));
        emitted++;
      }
    } else if (tokenProfile < 0.2) {
      // More than 5 token requests in an hour, but well under half the API calls: passes.
      Instant hour = randomWindowHour();
      for (int i = 0; i < 7; i++) {
        emit(appId, TOKEN, 200, randomTimeIn(hour));
        emitted++;
      }
    }
    if (index % 10 == 0) {
      // Window edges, both inclusive; a millisecond before the window is out.
      emit(appId, used.get(0), 200, windowFrom);
      emit(appId, used.get(0), 200, windowFrom.minusMillis(1));
      emit(appId, used.get(0), 200, at);
      emitted += 3;
    }
    if (rare != null) {
      int rareCalls = 3 + random.nextInt(7);
      for (int i = 0; i < rareCalls; i++) {
        emit(appId, rare, random.nextDouble() < 0.8 ? 200 : 404, randomTime());
        emitted++;
      }
    }
    List<Route> common = rare == null ? used : used.subList(0, used.size() - 1);
    int throttledLeft = throttled ? 1 + random.nextInt(3) : 0;
    for (; emitted < events; emitted++) {
      Route route = common.get(random.nextInt(common.size()));
      int status = throttledLeft-- > 0 ? 429 : apiStatus(clientErrorRate);
      emit(appId, route, status, randomTime());
    }
    register(appId, used, usesWebSocket);
  }

  private int apiStatus(double clientErrorRate) {
    double p = random.nextDouble();
    if (p < clientErrorRate) {
      return new int[] {400, 403, 404, 409}[random.nextInt(4)];
    }
    p -= clientErrorRate;
    if (p < 0.01) {
      return new int[] {500, 502, 503}[random.nextInt(3)];
    }
    if (p < 0.015) {
      return 304; // an API call that is neither a success nor an error
    }
    return new int[] {200, 200, 200, 201, 204}[random.nextInt(5)];
  }

  private void register(String appId, List<Route> used, boolean usesWebSocket) {
    if (random.nextDouble() < 0.15) {
      return; // unregistered: fails permissions-exercised and app-description
    }
    Set<String> permissions = new LinkedHashSet<>();
    used.stream().map(Route::permission).filter(p -> p != null).forEach(permissions::add);
    if (usesWebSocket) {
      permissions.add(PathTable.WS_TOKEN.permission());
    }
    if (random.nextDouble() < 0.15) {
      permissions.add(NEVER_EXERCISED);
    }
    String description =
        switch (random.nextInt(3)) {
          case 0 -> TrafficModel.SHORT_39;
          case 1 -> TrafficModel.EXACT_40;
          default -> TrafficModel.GOOD_DESCRIPTION;
        };
    if (random.nextDouble() < 0.1) {
      // An older registration, replaced by the one below: the latest wins.
      registrations.add(new Registered(appId, new Registration("short", List.of(NEVER_EXERCISED))));
    }
    registrations.add(new Registered(appId, new Registration(description, List.copyOf(permissions))));
  }

  private void emit(String appId, Route route, int status, Instant eventTime) {
    Call call =
        new Call(
            appId + "-" + Long.toString(seq, 36) + "-" + Integer.toHexString(random.nextInt()),
            appId,
            eventTime,
            route,
            status,
            route.oauth() && random.nextBoolean() ? null : (long) random.nextInt(900),
            random.nextInt(4) == 0);
    long arrival = eventTime.toEpochMilli();
    if (random.nextDouble() < 0.03) {
      arrival += Duration.ofHours(1).toMillis() + (long) (random.nextDouble() * Duration.ofHours(11).toMillis());
      late++;
    } else {
      arrival += random.nextInt(2_000);
    }
    arrivals.add(new Arrival(call, arrival, seq++));
  }

  private Traffic finish() {
    int unique = arrivals.size();
    List<Arrival> copies = new ArrayList<>();
    for (Arrival original : arrivals) {
      if (random.nextDouble() < 0.05) {
        // A gateway retry: the same event, field for field, up to a minute later.
        copies.add(new Arrival(original.call(), original.arrivalMs() + 100 + random.nextInt(60_000), seq++));
      }
    }
    List<Arrival> all = new ArrayList<>(arrivals);
    all.addAll(copies);
    all.sort(Comparator.comparingLong(Arrival::arrivalMs).thenComparingLong(Arrival::seq));
    return new Traffic(
        List.copyOf(appIds), all.stream().map(Arrival::call).toList(), List.copyOf(registrations), unique, copies.size(), late);
  }

  private Instant randomTime() {
    long from = spanFrom.toEpochMilli();
    return Instant.ofEpochMilli(from + (long) (random.nextDouble() * (spanTo.toEpochMilli() - from)));
  }

  /** A random instant of the hour starting at {@code hourStart}, but not after the span. */
  private Instant randomTimeIn(Instant hourStart) {
    Instant time = hourStart.plusMillis((long) (random.nextDouble() * Duration.ofHours(1).toMillis()));
    return time.isAfter(spanTo) ? spanTo : time;
  }

  /** The start of a whole UTC hour inside the window, before the hour of {@code at}. */
  private Instant randomWindowHour() {
    long hours = Duration.between(windowFrom, at.truncatedTo(ChronoUnit.HOURS)).toHours();
    return windowFrom.plus(Duration.ofHours(random.nextInt((int) Math.max(1, hours))));
  }

  private <T> List<T> pick(List<T> from, int n) {
    List<T> shuffled = new ArrayList<>(from);
    Collections.shuffle(shuffled, random);
    return List.copyOf(shuffled.subList(0, n));
  }
}
