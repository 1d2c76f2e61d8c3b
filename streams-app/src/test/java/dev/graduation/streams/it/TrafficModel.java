package dev.graduation.streams.it;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.it.PathTable.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Utils;

/**
 * Seeded traffic for the oracle test: about 45 apps, over 20,000 api-call events over the 2.5 days
 * before an evaluation instant {@code at}, sent in a realistic, messy order (late events, exact
 * duplicates), plus the apps' registrations.
 *
 * <p>About 27 apps follow a design: each passes every rule or fails exactly the named ones, often
 * right at a threshold (20 successful calls, 5 per endpoint, 5 % 4xx, 5 token requests an hour,
 * 40 code points), with traffic just outside the window that would flip the verdict if it were
 * counted. The other apps are random. The test checks with the oracle that every design holds, so
 * a change to the generator cannot silently lose coverage.
 *
 * <p>Duplicates are exact copies of an earlier event, sent later but while the stream time of the
 * app's partition is still within {@link #DUPLICATE_REACH} of the stream time at which the first
 * copy was processed: the dedup horizon (1 h of stream time) always catches them, so "first copy
 * wins" is the exact expectation. Stream time is modelled per partition, which is why every record
 * is sent to an explicit partition ({@link #partition}: the same as Kafka's default partitioner
 * for a String key).
 */
final class TrafficModel {

  static final int PARTITIONS = Topics.API_CALLS.partitions();
  /** How far the events reach back from {@code at}. */
  static final Duration HISTORY = Duration.ofHours(60);
  /** How far past {@code at} events reach (ingest accepts up to 5 minutes ahead). */
  static final Duration FUTURE = Duration.ofMinutes(4);
  /** Less than the 1 h dedup horizon, with a margin. */
  static final Duration DUPLICATE_REACH = Duration.ofMinutes(50);

  /** Distinct events at least (duplicates come on top). */
  static final int TARGET_EVENTS = 20_500;
  private static final int RANDOM_APPS = 18;
  private static final Duration HOUR = Duration.ofHours(1);

  /** One planned api-call event. */
  record Call(
      String eventId,
      String appId,
      Instant timestamp,
      Route route,
      int status,
      Long latencyMs,
      boolean production) {}

  /** A registration as the test sends it; the last one of an app wins. */
  record Registration(String description, List<String> permissions) {}

  /**
   * An app and what it was designed to do.
   *
   * @param designedFailures the rule ids it must fail, exactly; null for a random app
   */
  record AppPlan(String appId, String design, List<Registration> registrations, Set<String> designedFailures) {

    Registration latest() {
      return registrations.isEmpty() ? null : registrations.get(registrations.size() - 1);
    }
  }

  /**
   * @param originals every distinct event (no copies)
   * @param sendOrder what goes to api-calls, in order: originals, late ones among them, and copies
   */
  record Traffic(
      long seed,
      Instant at,
      Instant from,
      List<AppPlan> apps,
      List<Call> originals,
      List<Call> sendOrder,
      Map<String, Long> stats) {}

  static int partition(String appId) {
    return Utils.toPositive(Utils.murmur2(appId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** The calendar window start of contract section 7: 00:00Z of the day before at's UTC day. */
  static Instant windowStart(Instant at) {
    return at.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
  }

  static Traffic generate(long seed, Instant at) {
    return new TrafficModel(seed, at).build();
  }

  // ---------------------------------------------------------------------------------------------

  static final String GOOD_DESCRIPTION = "Syncs call logs and presence into the CRM used by our sales team.";
  /** 39 ASCII characters and an emoji: 40 code points (41 UTF-16 chars). */
  static final String EXACT_40 = "Posts a daily summary of missed calls. " + "\uD83D\uDE80";
  /** 40 code points only when not trimmed. */
  static final String PADDED_40 = "  " + "Shows team presence on an office map" + "  ";
  /** 38 ASCII characters and an emoji: 39 code points, but 40 UTF-16 chars. */
  static final String SHORT_39 = "Sends SMS reminders for appointments. " + "\uD83D\uDCC5";

  private static final List<String> PERMISSION_POOL =
      List.of(
          "ReadCallLog", "ReadPresence", "SMS", "ReadMessages", "ReadAccounts", "ReadContacts", "Contacts",
          "TeamMessaging", "RoleManagement", "RingOut", "Faxes", "WebSocket", "EditCallLog", "EditPresence",
          "Meetings");

  private final long seed;
  private final Random random;
  private final Instant at;
  private final Instant from;
  private final List<AppPlan> apps = new ArrayList<>();
  private final List<Call> originals = new ArrayList<>();
  private long ids;

  private TrafficModel(long seed, Instant at) {
    this.seed = seed;
    this.random = new Random(seed);
    this.at = at;
    this.from = windowStart(at);
    check(
        PADDED_40.codePointCount(0, PADDED_40.length()) == 40
            && EXACT_40.codePointCount(0, EXACT_40.length()) == 40
            && SHORT_39.codePointCount(0, SHORT_39.length()) == 39
            && SHORT_39.length() == 40,
        "description constants");
  }

  /**
   * Every third eventId a canonical lower-case UUID (the topology handles its bits), every third
   * the same in upper case and the rest plain text (both stay text to the topology). The UUIDs of
   * 16 consecutive ids share their first 64 bits, so dedup's path for such pairs runs too. Made
   * from the id's number, not drawn from {@code random}: the traffic is the same as without them.
   */
  private String eventId(long n) {
    return switch ((int) (n % 3)) {
      case 0 -> uuid(n).toString();
      case 1 -> uuid(n).toString().toUpperCase(Locale.ROOT);
      default -> "ev-" + seed + "-" + n;
    };
  }

  private UUID uuid(long n) {
    return new UUID(mix(seed * 31 + (n >> 4)), mix(n));
  }

  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }

  /** The calls of one app while it is being planned. */
  private final class App {
    final String id;
    final List<Call> calls = new ArrayList<>();
    /** Hours that random in-window traffic must avoid, because a design counts them exactly. */
    final Set<Instant> reserved = new HashSet<>();

    App(String id) {
      this.id = id;
    }

    void add(Route route, int status, Instant when) {
      Long latency = random.nextInt(20) == 0 ? null : (long) (5 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 400));
      calls.add(new Call(eventId(++ids), id, when, route, status, latency, random.nextInt(5) == 0));
    }

    /** A random instant in [from, at] outside the reserved hours. */
    Instant inWindow() {
      while (true) {
        Instant t = from.plusMillis(nextLong(Duration.between(from, at).toMillis() + 1));
        if (!reserved.contains(t.truncatedTo(ChronoUnit.HOURS))) {
          return t;
        }
      }
    }

    /** A random instant in the hour starting at {@code hour} (which lies inside the window). */
    Instant in(Instant hour) {
      return hour.plusMillis(nextLong(HOUR.toMillis()));
    }

    /** An hour wholly inside [from, at), not reserved yet; it becomes reserved. */
    Instant reserveHour() {
      long hours = Duration.between(from, at.truncatedTo(ChronoUnit.HOURS)).toHours();
      while (true) {
        Instant hour = from.plus(Duration.ofHours(1 + nextLong(hours - 1)));
        if (reserved.add(hour)) {
          return hour;
        }
      }
    }

    long apiCallsInWindow() {
      return calls.stream().filter(c -> !c.route().oauth() && counts(c.timestamp())).count();
    }

    long clientErrorsInWindow() {
      return calls.stream()
          .filter(c -> !c.route().oauth() && counts(c.timestamp()) && c.status() >= 400 && c.status() < 500)
          .count();
    }

    /** Permissions exercised by successful calls in the window, in first-use order. */
    List<String> exercised() {
      Set<String> permissions = new LinkedHashSet<>();
      for (Call c : calls) {
        if (c.route().permission() != null && counts(c.timestamp()) && successful(c.status())) {
          permissions.add(c.route().permission());
        }
      }
      return List.copyOf(permissions);
    }
  }

  private boolean counts(Instant t) {
    return !t.isBefore(from) && !t.isAfter(at);
  }

  private static boolean successful(int status) {
    return status >= 200 && status < 300;
  }

  private Traffic build() {
    check(Duration.between(from, at).toHours() >= 24, "window of at least a day");
    String[] graduateDescriptions = {GOOD_DESCRIPTION, EXACT_40, PADDED_40};
    for (int i = 1; i <= 8; i++) {
      App app = new App("grad-" + i);
      List<String> templates = cleanCore(app, 2 + random.nextInt(3), templateFilter -> true);
      politeTokens(app);
      if (random.nextBoolean()) {
        webSocket(app, 1 + random.nextInt(3), 200);
      }
      siblingFailures(app, templates);
      otherOauth(app);
      clientErrorsUnderLimit(app);
      edges(app, templates.get(0));
      noise(app, 40 + random.nextInt(80));
      String description = graduateDescriptions[i % graduateDescriptions.length];
      plan(app, "graduate", Set.of(), new Registration(description, subset(app.exercised(), 1)));
    }
    boundary();
    fewSuccessful();
    endpointShort();
    errorRateExact();
    errorRateHigh();
    throttled("throttled-api", () -> null);
    throttled("throttled-token", () -> PathTable.TOKEN.get(0));
    throttled("throttled-wstoken", () -> PathTable.WS_TOKEN);
    tokenStorm("token-storm-ratio", 8, 16);
    tokenStorm("token-storm-alone", 6, 0);
    permissionUnused();
    descriptionOnly("short-description", SHORT_39);
    descriptionOnly("empty-description", "");
    unregistered();
    reregistered("reregistered-good", true);
    reregistered("reregistered-bad", false);
    emptyPermissions();
    oauthOnly();
    oldOnly();
    registeredOnly();
    // The random apps carry the volume: sizes vary, the total is at least TARGET_EVENTS.
    for (int i = 1; i <= RANDOM_APPS; i++) {
      int share = Math.max(200, (TARGET_EVENTS - originals.size()) / (RANDOM_APPS - i + 1));
      randomApp("random-" + i, i == RANDOM_APPS ? share : share * (70 + random.nextInt(61)) / 100);
    }
    List<Call> sendOrder = sendOrder();
    return new Traffic(seed, at, from, List.copyOf(apps), List.copyOf(originals), sendOrder, stats(sendOrder));
  }

  private void plan(App app, String design, Set<String> failures, Registration... registrations) {
    apps.add(new AppPlan(app.id, design, List.of(registrations), failures));
    originals.addAll(app.calls);
  }

  // --- designs ---------------------------------------------------------------------------------

  /**
   * Successful calls in the window to {@code endpoints} distinct templates, 12-45 each, plus a few
   * 3xx, 1xx and 5xx calls to them. Returns the templates.
   */
  private List<String> cleanCore(App app, int endpoints, java.util.function.Predicate<String> allowed) {
    List<String> templates = pickTemplates(endpoints, allowed);
    for (String template : templates) {
      successes(app, template, 12 + random.nextInt(34), app::inWindow);
    }
    int neutral = random.nextInt(8);
    for (int i = 0; i < neutral; i++) {
      app.add(variant(pick(templates)), neutralStatus(), app.inWindow());
    }
    return templates;
  }

  private List<String> pickTemplates(int n, java.util.function.Predicate<String> allowed) {
    List<String> all = new ArrayList<>(PathTable.API_BY_TEMPLATE.keySet());
    all.removeIf(allowed.negate());
    List<String> picked = new ArrayList<>();
    while (picked.size() < n) {
      String t = pick(all);
      if (!picked.contains(t)) {
        picked.add(t);
      }
    }
    return picked;
  }

  private void successes(App app, String template, int n, Supplier<Instant> when) {
    for (int i = 0; i < n; i++) {
      app.add(variant(template), successStatus(), when.get());
    }
  }

  /** 4xx calls (never 429) in the window, as many as keep the 4xx rate strictly under 5 %. */
  private void clientErrorsUnderLimit(App app) {
    long calls = app.apiCallsInWindow();
    long errors = app.clientErrorsInWindow();
    // 20 (errors + x) < calls + x  <=>  19 x < calls - 20 errors
    long max = Math.max(0, (calls - 20 * errors - 1) / 19);
    long x = nextLong(max + 1);
    for (long i = 0; i < x; i++) {
      app.add(variant(pick(templatesCalled(app))), clientErrorStatus(), app.inWindow());
    }
    check(20 * app.clientErrorsInWindow() < app.apiCallsInWindow(), app.id + " 4xx rate");
  }

  private List<String> templatesCalled(App app) {
    return app.calls.stream()
        .filter(c -> !c.route().oauth() && counts(c.timestamp()))
        .map(c -> c.route().template())
        .distinct()
        .toList();
  }

  /** One or two token requests in some hours of the window, never a 429. */
  private void politeTokens(App app) {
    for (Instant hour = from; !hour.isAfter(at); hour = hour.plus(HOUR)) {
      if (app.reserved.contains(hour) || random.nextInt(100) >= 45) {
        continue;
      }
      int n = random.nextInt(12) == 0 ? 2 : 1;
      for (int i = 0; i < n; i++) {
        Instant t = app.in(hour);
        if (t.isAfter(at)) {
          t = at;
        }
        app.add(pick(PathTable.TOKEN), random.nextInt(10) == 0 ? 400 : 200, t);
      }
    }
  }

  private void webSocket(App app, int n, int status) {
    for (int i = 0; i < n; i++) {
      app.add(PathTable.WS_TOKEN, status, app.inWindow());
    }
  }

  private void otherOauth(App app) {
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      app.add(pick(PathTable.OTHER_OAUTH), random.nextBoolean() ? 200 : 400, app.inWindow());
    }
  }

  /**
   * Failing calls with another method (and permission) on a template the app already calls
   * successfully: the permission has calls but no success, so it is not listed unless declared.
   */
  private void siblingFailures(App app, List<String> templates) {
    for (Route sibling : PathTable.SIBLINGS) {
      if (templates.contains(sibling.template()) && random.nextBoolean()) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          app.add(sibling, random.nextBoolean() ? 503 : 304, app.inWindow());
        }
      }
    }
  }

  /**
   * Calls right at the window's edges. At {@code from} and at {@code at} they count; one
   * millisecond outside they must not, and each of those would break a rule if it were counted.
   */
  private void edges(App app, String template) {
    app.add(variant(template), 200, from);
    app.add(variant(template), 200, at);
    app.add(variant(template), 429, from.minusMillis(1));
    app.add(variant(template), 429, at.plusMillis(1));
    app.add(PathTable.TOKEN.get(0), 429, at.plus(Duration.ofMinutes(2)));
    app.add(variant(template), 404, at.plus(FUTURE));
  }

  /**
   * Anything, outside the window: 429s, 4xx bursts, new endpoints without success, a token storm.
   * Counted, any of it would change the verdict.
   */
  private void noise(App app, int n) {
    for (int i = 0; i < n; i++) {
      Instant t = random.nextInt(10) == 0 ? afterAt() : beforeWindow();
      anyCall(app, t, 0.05, 0.05);
    }
    Instant stormHour = from.minus(Duration.ofHours(1 + random.nextInt(10)));
    for (int i = 0; i < 8; i++) {
      app.add(PathTable.TOKEN.get(0), 200, app.in(stormHour));
    }
  }

  /** A call of any kind: 80 % API calls with the given 4xx and 429 rates. */
  private void anyCall(App app, Instant t, double clientErrorRate, double throttleRate) {
    int kind = random.nextInt(100);
    if (kind < 80) {
      Route route = random.nextInt(20) == 0 ? pick(PathTable.ALL_API) : variant(pick(new ArrayList<>(PathTable.API_BY_TEMPLATE.keySet())));
      app.add(route, apiStatus(clientErrorRate, throttleRate), t);
    } else if (kind < 94) {
      app.add(pick(PathTable.TOKEN), oauthStatus(throttleRate), t);
    } else if (kind < 97) {
      app.add(PathTable.WS_TOKEN, oauthStatus(throttleRate), t);
    } else {
      app.add(pick(PathTable.OTHER_OAUTH), oauthStatus(throttleRate), t);
    }
  }

  /**
   * Exactly at every threshold and passing: 20 successful calls (one at {@code from}, one at
   * {@code at}), an endpoint with exactly 5, 1 4xx in 21 calls, an hour with 5 token requests and
   * no API call, an hour with 6 token requests and 13 API calls, a 40-code-point description.
   */
  private void boundary() {
    App app = new App("boundary");
    List<String> templates = pickTemplates(2, t -> true);
    Instant alone = app.reserveHour();
    Instant busy = app.reserveHour();
    app.add(variant(templates.get(0)), 200, from);
    successes(app, templates.get(0), 4, app::inWindow);
    successes(app, templates.get(1), 13, () -> app.in(busy));
    app.add(variant(templates.get(1)), 200, at);
    successes(app, templates.get(1), 1, app::inWindow);
    app.add(variant(templates.get(1)), 404, app.inWindow());
    for (int i = 0; i < 5; i++) {
      app.add(pick(PathTable.TOKEN), 200, app.in(alone));
    }
    for (int i = 0; i < 6; i++) {
      app.add(pick(PathTable.TOKEN), 200, app.in(busy));
    }
    app.add(variant(templates.get(0)), 200, from.minusMillis(1));
    app.add(variant(templates.get(0)), 429, from.minusMillis(1));
    app.add(variant(templates.get(1)), 404, at.plusMillis(1));
    app.add(variant(templates.get(1)), 404, at.plus(Duration.ofMinutes(3)));
    noise(app, 30);
    plan(app, "boundary", Set.of(), new Registration(EXACT_40, app.exercised()));
  }

  /** 19 successful calls in the window; the 20th and 21st lie just outside it. */
  private void fewSuccessful() {
    App app = new App("few-successful");
    List<String> templates = pickTemplates(2, t -> true);
    successes(app, templates.get(0), 9, app::inWindow);
    successes(app, templates.get(1), 10, app::inWindow);
    app.add(variant(templates.get(0)), 200, from.minusMillis(1));
    app.add(variant(templates.get(0)), 200, at.plusMillis(1));
    app.add(variant(templates.get(1)), 200, at.plus(Duration.ofMinutes(1)));
    politeTokens(app);
    noise(app, 40);
    plan(app, "few-successful", Set.of("total-successful-calls"), new Registration(GOOD_DESCRIPTION, app.exercised()));
  }

  /** A good app plus one endpoint with exactly 4 successful calls (the 5th lies outside). */
  private void endpointShort() {
    App app = new App("endpoint-short");
    List<String> templates = cleanCore(app, 3, t -> true);
    String shortOne = pickTemplates(1, t -> !templates.contains(t)).get(0);
    successes(app, shortOne, 4, app::inWindow);
    app.add(variant(shortOne), 503, app.inWindow());
    app.add(variant(shortOne), 503, app.inWindow());
    app.add(variant(shortOne), 200, from.minusMillis(1));
    app.add(variant(shortOne), 200, at.plusMillis(1));
    politeTokens(app);
    clientErrorsUnderLimit(app);
    noise(app, 60);
    plan(app, "endpoint-short", Set.of("successful-calls-per-endpoint"), new Registration(GOOD_DESCRIPTION, subset(app.exercised(), 1)));
  }

  /** 5 4xx responses in exactly 100 API calls: 5 %, which is not below 5 %. */
  private void errorRateExact() {
    App app = new App("error-rate-exact");
    List<String> templates = pickTemplates(2, t -> true);
    successes(app, templates.get(0), 40, app::inWindow);
    successes(app, templates.get(1), 45, app::inWindow);
    for (int i = 0; i < 10; i++) {
      app.add(variant(pick(templates)), neutralStatus(), app.inWindow());
    }
    for (int i = 0; i < 5; i++) {
      app.add(variant(pick(templates)), clientErrorStatus(), app.inWindow());
    }
    check(app.apiCallsInWindow() == 100 && app.clientErrorsInWindow() == 5, "error-rate-exact plan");
    politeTokens(app);
    noise(app, 40);
    plan(app, "error-rate-exact", Set.of("client-error-rate"), new Registration(GOOD_DESCRIPTION, app.exercised()));
  }

  private void errorRateHigh() {
    App app = new App("error-rate-high");
    List<String> templates = cleanCore(app, 3, t -> true);
    long errors = app.apiCallsInWindow() / 4;
    for (long i = 0; i < errors; i++) {
      app.add(variant(pick(templates)), clientErrorStatus(), app.inWindow());
    }
    politeTokens(app);
    noise(app, 40);
    plan(app, "error-rate-high", Set.of("client-error-rate"), new Registration(GOOD_DESCRIPTION, app.exercised()));
  }

  /** A good app with one 429 in the window: on an API call (route null) or on an OAuth call. */
  private void throttled(String id, Supplier<Route> oauthRoute) {
    App app = new App(id);
    List<String> templates = cleanCore(app, 3, t -> true);
    Route route = oauthRoute.get();
    app.add(route == null ? variant(templates.get(0)) : route, 429, app.inWindow());
    politeTokens(app);
    clientErrorsUnderLimit(app);
    edges(app, templates.get(1));
    noise(app, 40);
    Set<String> failures = route == null ? Set.of("no-throttling") : Set.of("no-throttling", "token-usage");
    plan(app, id, failures, new Registration(GOOD_DESCRIPTION, subset(app.exercised(), 1)));
  }

  /** A good app with one hour of {@code tokens} token requests and {@code calls} API calls. */
  private void tokenStorm(String id, int tokens, int calls) {
    App app = new App(id);
    Instant hour = app.reserveHour();
    List<String> templates = cleanCore(app, 2, t -> true);
    successes(app, templates.get(0), calls, () -> app.in(hour));
    for (int i = 0; i < tokens; i++) {
      app.add(pick(PathTable.TOKEN), 200, app.in(hour));
    }
    politeTokens(app);
    clientErrorsUnderLimit(app);
    noise(app, 40);
    plan(app, id, Set.of("token-usage"), new Registration(GOOD_DESCRIPTION, app.exercised()));
  }

  /**
   * Declares Faxes (called successfully only before the window) and WebSocket (its wstoken
   * calls in the window all fail), besides permissions it does exercise.
   */
  private void permissionUnused() {
    App app = new App("permission-unused");
    List<String> templates =
        cleanCore(app, 3, t -> PathTable.API_BY_TEMPLATE.get(t).stream().noneMatch(r -> "Faxes".equals(r.permission())));
    webSocket(app, 3, 500);
    politeTokens(app);
    clientErrorsUnderLimit(app);
    app.add(PathTable.WITH_PERMISSION.stream().filter(r -> "Faxes".equals(r.permission())).findFirst().orElseThrow(),
        200, from.minus(Duration.ofHours(2)));
    app.add(PathTable.WS_TOKEN, 200, from.minusMillis(1));
    app.add(PathTable.WS_TOKEN, 200, at.plusMillis(1));
    noise(app, 30);
    List<String> declared = new ArrayList<>(subset(app.exercised(), 1));
    declared.add("Faxes");
    declared.add("WebSocket");
    plan(app, "permission-unused", Set.of("permissions-exercised"), new Registration(GOOD_DESCRIPTION, declared));
  }

  private App goodTraffic(String id) {
    App app = new App(id);
    List<String> templates = cleanCore(app, 2 + random.nextInt(2), t -> true);
    politeTokens(app);
    webSocket(app, random.nextInt(3), 200);
    clientErrorsUnderLimit(app);
    edges(app, templates.get(0));
    noise(app, 40 + random.nextInt(40));
    return app;
  }

  private void descriptionOnly(String id, String description) {
    App app = goodTraffic(id);
    plan(app, id, Set.of("app-description"), new Registration(description, app.exercised()));
  }

  private void unregistered() {
    App app = goodTraffic("unregistered");
    plan(app, "unregistered", Set.of("permissions-exercised", "app-description"));
  }

  /** Registered twice: the latest registration is the one that counts. */
  private void reregistered(String id, boolean latestGood) {
    App app = goodTraffic(id);
    Registration good = new Registration(GOOD_DESCRIPTION, app.exercised());
    Registration bad = new Registration(SHORT_39, List.of("Faxes", "Meetings"));
    if (latestGood) {
      plan(app, id, Set.of(), bad, good);
    } else {
      plan(app, id, Set.of("permissions-exercised", "app-description"), good, bad);
    }
  }

  private void emptyPermissions() {
    App app = goodTraffic("empty-permissions");
    plan(app, "empty-permissions", Set.of(), new Registration(PADDED_40, List.of()));
  }

  /** Only OAuth traffic in the window: no API call at all (API calls only before it). */
  private void oauthOnly() {
    App app = new App("oauth-only");
    politeTokens(app);
    webSocket(app, 2 + random.nextInt(3), 200);
    otherOauth(app);
    for (int i = 0; i < 30; i++) {
      app.add(variant(pick(new ArrayList<>(PathTable.API_BY_TEMPLATE.keySet()))), 200, beforeWindow());
    }
    plan(app, "oauth-only", Set.of("total-successful-calls"), new Registration(GOOD_DESCRIPTION, List.of("WebSocket")));
  }

  /** Unregistered, and every event older than the window: 200 with zero counts, not 404. */
  private void oldOnly() {
    App app = new App("old-only");
    for (int i = 0; i < 60; i++) {
      anyCall(app, beforeWindow(), 0.05, 0.05);
    }
    app.add(variant(pick(new ArrayList<>(PathTable.API_BY_TEMPLATE.keySet()))), 200, from.minusMillis(1));
    plan(app, "old-only", Set.of("total-successful-calls", "permissions-exercised", "app-description"));
  }

  /** A registration and no event at all: a known app (200), with zero counts. */
  private void registeredOnly() {
    App app = new App("registered.only_app");
    plan(app, "registered-only", Set.of("total-successful-calls", "permissions-exercised"),
        new Registration(GOOD_DESCRIPTION, List.of("ReadCallLog")));
  }

  private void randomApp(String id, int n) {
    App app = new App(id);
    List<String> favourites = pickTemplates(3 + random.nextInt(6), t -> true);
    double clientErrorRate = new double[] {0.01, 0.03, 0.05, 0.1}[random.nextInt(4)];
    double throttleRate = new double[] {0, 0, 0.002, 0.02}[random.nextInt(4)];
    for (int i = 0; i < n; i++) {
      int where = random.nextInt(100);
      Instant t = where < 72 ? app.inWindow() : where < 97 ? beforeWindow() : afterAt();
      int kind = random.nextInt(100);
      if (kind < 82) {
        Route route = random.nextInt(25) == 0 ? pick(PathTable.ALL_API) : variant(pick(favourites));
        app.add(route, apiStatus(clientErrorRate, throttleRate), t);
      } else {
        anyCall(app, t, clientErrorRate, throttleRate);
      }
    }
    if (random.nextInt(10) < 3) {
      Instant hour = app.reserveHour();
      int tokens = 4 + random.nextInt(9);
      for (int i = 0; i < tokens; i++) {
        app.add(pick(PathTable.TOKEN), 200, app.in(hour));
      }
      int calls = random.nextInt(30);
      for (int i = 0; i < calls; i++) {
        app.add(variant(pick(favourites)), 200, app.in(hour));
      }
    }
    if (random.nextInt(10) < 3) {
      plan(app, "random", null);
      return;
    }
    List<String> permissions = new ArrayList<>();
    int declared = random.nextInt(5);
    for (int i = 0; i < declared; i++) {
      String p = pick(PERMISSION_POOL);
      if (!permissions.contains(p)) {
        permissions.add(p);
      }
    }
    String[] descriptions = {GOOD_DESCRIPTION, EXACT_40, PADDED_40, SHORT_39, "", "Test app"};
    plan(app, "random", null, new Registration(descriptions[random.nextInt(descriptions.length)], permissions));
  }

  // --- send order --------------------------------------------------------------------------------

  /**
   * Roughly in event-time order, as a gateway would send; 12 % of the events are held back 2 to 30
   * hours (late events), and 5 % are sent again later (duplicates within the dedup horizon).
   */
  private List<Call> sendOrder() {
    record Keyed(Call call, long sendKey, long seq) {}
    List<Keyed> keyed = new ArrayList<>();
    long seq = 0;
    for (Call call : originals) {
      long t = call.timestamp().toEpochMilli();
      long delay = random.nextInt(100) < 12 ? Duration.ofHours(2).toMillis() + nextLong(Duration.ofHours(28).toMillis()) : 0;
      keyed.add(new Keyed(call, t + delay, seq++));
    }
    keyed.sort(Comparator.comparingLong(Keyed::sendKey).thenComparingLong(Keyed::seq));
    List<Call> order = keyed.stream().map(Keyed::call).toList();

    // Stream time of each event's partition once it is processed, and where each partition's
    // stream time passes a bound: a copy must be sent before then.
    int size = order.size();
    long[] streamTimeAfter = new long[size];
    long[] partitionTime = new long[PARTITIONS];
    java.util.Arrays.fill(partitionTime, Long.MIN_VALUE);
    int[] partitionOf = new int[size];
    for (int i = 0; i < size; i++) {
      Call call = order.get(i);
      int p = partition(call.appId());
      partitionOf[i] = p;
      partitionTime[p] = Math.max(partitionTime[p], call.timestamp().toEpochMilli());
      streamTimeAfter[i] = partitionTime[p];
    }
    // insertBefore[j]: copies to send just before order[j] (j == size: at the end)
    Map<Integer, List<Call>> insertBefore = new java.util.TreeMap<>();
    long reach = DUPLICATE_REACH.toMillis();
    for (int i = 0; i < size; i++) {
      if (random.nextInt(100) >= 5) {
        continue;
      }
      long bound = streamTimeAfter[i] + reach;
      int limit = i + 1;
      int max = Math.min(size, i + 3000);
      // every position up to and including the first same-partition event beyond the bound
      while (limit < max && !(partitionOf[limit] == partitionOf[i] && order.get(limit).timestamp().toEpochMilli() > bound)) {
        limit++;
      }
      int j = i + 1 + random.nextInt(limit - i);
      insertBefore.computeIfAbsent(j, k -> new ArrayList<>()).add(order.get(i));
    }
    List<Call> sent = new ArrayList<>(size + size / 15);
    for (int j = 0; j <= size; j++) {
      List<Call> copies = insertBefore.get(j);
      if (copies != null) {
        sent.addAll(copies);
      }
      if (j < size) {
        sent.add(order.get(j));
      }
    }
    return List.copyOf(sent);
  }

  private Map<String, Long> stats(List<Call> sent) {
    Map<String, Long> stats = new LinkedHashMap<>();
    stats.put("apps", (long) apps.size());
    stats.put("events", (long) originals.size());
    stats.put("duplicates", (long) (sent.size() - originals.size()));
    long[] partitionTime = new long[PARTITIONS];
    java.util.Arrays.fill(partitionTime, Long.MIN_VALUE);
    Set<String> seen = new HashSet<>();
    long late = 0;
    long lateOlderThanWindow = 0;
    for (Call call : sent) {
      int p = partition(call.appId());
      long t = call.timestamp().toEpochMilli();
      if (seen.add(call.eventId()) && t < partitionTime[p] - HOUR.toMillis()) {
        late++;
        if (call.timestamp().isBefore(from)) {
          lateOlderThanWindow++;
        }
      }
      partitionTime[p] = Math.max(partitionTime[p], t);
    }
    stats.put("late (>= 1 h behind stream time)", late);
    stats.put("late and older than the window", lateOlderThanWindow);
    stats.put("in window", originals.stream().filter(c -> counts(c.timestamp())).count());
    stats.put("before window", originals.stream().filter(c -> c.timestamp().isBefore(from)).count());
    stats.put("after at", originals.stream().filter(c -> c.timestamp().isAfter(at)).count());
    stats.put("at window start", originals.stream().filter(c -> c.timestamp().equals(from)).count());
    stats.put("1 ms before window start", originals.stream().filter(c -> c.timestamp().equals(from.minusMillis(1))).count());
    stats.put("at evaluation instant", originals.stream().filter(c -> c.timestamp().equals(at)).count());
    stats.put("oauth", originals.stream().filter(c -> c.route().oauth()).count());
    stats.put("token requests", originals.stream().filter(c -> c.route().tokenRequest()).count());
    stats.put("429", originals.stream().filter(c -> c.status() == 429).count());
    stats.put("other 4xx", originals.stream().filter(c -> c.status() >= 400 && c.status() < 500 && c.status() != 429).count());
    stats.put("5xx", originals.stream().filter(c -> c.status() >= 500).count());
    stats.put("1xx/3xx", originals.stream().filter(c -> c.status() < 200 || (c.status() >= 300 && c.status() < 400)).count());
    return stats;
  }

  // --- small random helpers ---------------------------------------------------------------------

  private Instant beforeWindow() {
    Instant oldest = at.minus(HISTORY);
    return oldest.plusMillis(nextLong(Duration.between(oldest, from).toMillis()));
  }

  private Instant afterAt() {
    return at.plusMillis(1 + nextLong(FUTURE.toMillis()));
  }

  private Route variant(String template) {
    return pick(PathTable.API_BY_TEMPLATE.get(template));
  }

  private int successStatus() {
    return new int[] {200, 200, 200, 200, 201, 204}[random.nextInt(6)];
  }

  private int clientErrorStatus() {
    return new int[] {400, 401, 403, 404, 409, 422}[random.nextInt(6)];
  }

  private int neutralStatus() {
    return random.nextInt(4) == 0 ? (random.nextBoolean() ? 500 : 503) : new int[] {100, 301, 302, 304}[random.nextInt(4)];
  }

  private int apiStatus(double clientErrorRate, double throttleRate) {
    double r = random.nextDouble();
    if (r < throttleRate) {
      return 429;
    }
    if (r < throttleRate + clientErrorRate) {
      return clientErrorStatus();
    }
    if (r < throttleRate + clientErrorRate + 0.04) {
      return new int[] {500, 502, 503, 504}[random.nextInt(4)];
    }
    if (r < throttleRate + clientErrorRate + 0.07) {
      return new int[] {100, 301, 302, 304}[random.nextInt(4)];
    }
    return successStatus();
  }

  private int oauthStatus(double throttleRate) {
    double r = random.nextDouble();
    if (r < throttleRate) {
      return 429;
    }
    return r < 0.9 ? 200 : r < 0.95 ? 400 : 500;
  }

  private List<String> subset(List<String> items, int min) {
    List<String> out = new ArrayList<>();
    for (String item : items) {
      if (random.nextBoolean()) {
        out.add(item);
      }
    }
    for (String item : items) {
      if (out.size() >= Math.min(min, items.size())) {
        break;
      }
      if (!out.contains(item)) {
        out.add(item);
      }
    }
    return out;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private long nextLong(long bound) {
    return bound <= 0 ? 0 : (random.nextLong() & Long.MAX_VALUE) % bound;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("traffic generator broke its own plan: " + what);
    }
  }
}
