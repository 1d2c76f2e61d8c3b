package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.events.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded, deterministic gateway traffic: every field of event {@code i} is a function of the
 * settings and {@code i} alone (no shared random state), so any benchmark can regenerate any event,
 * in any order and from any thread, and two runs with the same settings see the same bytes.
 *
 * <p>The mix, per event (app-level traits are a function of the seed and the app's index):
 *
 * <ul>
 *   <li>apps: {@code apps} client ids with a skewed share of traffic (app 0 the busiest, about
 *       {@code 2/sqrt(apps)} of all events down to a trickle for the last ones); 20 % are
 *       production apps, 10 % log in before nearly every call (token-heavy), 10 % get throttled
 *       now and then;
 *   <li>API calls to about twenty common RingCentral endpoints with {@code ~}, numeric or UUID
 *       ids and typical query strings ({@code /restapi/v1.0/account/~/extension/62264425004/
 *       call-log?view=Simple&perPage=100});
 *   <li>OAuth: {@code POST /restapi/oauth/token} (3 % of calls, 40 % for token-heavy apps),
 *       plus authorize, revoke and wstoken;
 *   <li>statuses: about 94 % 2xx (200, 201 for POST, 204 for DELETE), 4.5 % 4xx (400, 401, 403,
 *       404), 0.5 % 429 (3 % for throttled apps), 1 % 5xx;
 *   <li>latency: log-normal around 60 ms (5xx slower), absent for 3 % of events;
 *   <li>event time: spread evenly over {@code [end - span, end]} in index order, with a few
 *       seconds of jitter and 1 % arriving up to 10 minutes late; 0.5 % of events are gateway
 *       retries (same eventId and content as an event a few indexes earlier).
 * </ul>
 */
public final class TrafficGenerator {

  /**
   * @param seed the traffic's identity: same seed, same events
   * @param apps number of distinct apps (client ids)
   * @param total number of events the time span is divided into (event i sits at {@code i/total}
   *     of the span); events past {@code total} wrap around
   * @param end latest event time
   * @param span how far back event times go
   */
  public record Settings(long seed, int apps, long total, Instant end, Duration span) {
    public Settings {
      if (apps < 1 || total < 1 || span.isNegative() || span.isZero()) {
        throw new IllegalArgumentException("apps and total must be >= 1, span > 0");
      }
    }
  }

  /** What an app is like; fixed per app (a function of the seed and the app's index). */
  private record Traits(boolean production, boolean tokenHeavy, boolean throttled, long accountId) {
    static Traits of(SplittableRandom random) {
      return new Traits(
          random.nextInt(100) < 20,
          random.nextInt(100) < 10,
          random.nextInt(100) < 10,
          100_000_000L + random.nextLong(900_000_000L));
    }
  }

  /** One endpoint the traffic calls: method, path with placeholders, relative weight, queries. */
  private record Endpoint(String method, String template, int weight, String... queries) {}

  private static final Endpoint[] ENDPOINTS = {
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log", 14,
        "", "?view=Simple", "?view=Detailed&perPage=100", "?dateFrom=2026-11-01T00:00:00.000Z&perPage=250&page=2"),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log/{callRecordId}", 3, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/call-log", 4, "?perPage=1000", "?view=Simple&type=Voice"),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence", 12,
        "", "?detailedTelephonyState=true"),
    new Endpoint("PUT", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence", 2, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store", 10,
        "?messageType=SMS&perPage=50", "?direction=Inbound&readStatus=Unread", ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}", 4, ""),
    new Endpoint("PUT", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/message-store/{messageId}", 1, ""),
    new Endpoint("POST", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/sms", 8, ""),
    new Endpoint("POST", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/fax", 1, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}", 8, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}", 4, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension", 5, "?perPage=100", "?status=Enabled&type=User&page=3"),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book/contact", 5,
        "", "?perPage=100&sortBy=FirstName"),
    new Endpoint("POST", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book/contact", 1, ""),
    new Endpoint("DELETE", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book/contact/{contactId}", 1, ""),
    new Endpoint("POST", "/restapi/v1.0/subscription", 2, ""),
    new Endpoint("POST", "/restapi/v1.0/subscription/{subscriptionId}/renew", 4, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/telephony/sessions/{telephonySessionId}", 3, ""),
    new Endpoint("GET", "/restapi/v1.0/account/{accountId}/extension/{extensionId}/unified-presence", 2, ""),
  };

  private static final int TOTAL_WEIGHT;

  static {
    int sum = 0;
    for (Endpoint endpoint : ENDPOINTS) {
      sum += endpoint.weight();
    }
    TOTAL_WEIGHT = sum;
  }

  /** Permissions an app may declare: those the endpoints above exercise. */
  private static final String[] PERMISSIONS = {
    "ReadCallLog", "ReadPresence", "EditPresence", "ReadMessages", "EditMessages", "SMS", "Faxes",
    "ReadAccounts", "ReadContacts", "Contacts", "CallControl"
  };

  /** Separate random streams per app: its id, its traits, its registration. */
  private static final long ID_SALT = 0x6170705f69640000L;
  private static final long TRAITS_SALT = 0x7472616974730000L;
  private static final long REGISTRATION_SALT = 0x7265676973740000L;
  private static final long MIX_GAMMA = 0x9E3779B97F4A7C15L;

  private final Settings settings;
  private final String[] appIds;
  private final Traits[] traits;
  private final long spanMs;
  private final long startMs;

  public TrafficGenerator(Settings settings) {
    this.settings = settings;
    this.spanMs = settings.span().toMillis();
    this.startMs = settings.end().toEpochMilli() - spanMs;
    this.appIds = new String[settings.apps()];
    this.traits = new Traits[settings.apps()];
    for (int app = 0; app < appIds.length; app++) {
      appIds[app] = clientId(appRandom(app, ID_SALT));
      traits[app] = Traits.of(appRandom(app, TRAITS_SALT));
    }
  }

  public Settings settings() {
    return settings;
  }

  /** The client id of app {@code index} (0 = the busiest). */
  public String appId(int index) {
    return appIds[index];
  }

  public List<String> appIds() {
    return List.of(appIds);
  }

  /** Event {@code i}: a pure function of the settings and {@code i}. */
  public ApiCallEvent event(long i) {
    SplittableRandom random = eventRandom(i);
    // A gateway retry repeats an earlier call exactly (same id, same time, same outcome).
    if (i > 0 && random.nextInt(1000) < 5) {
      return original(Math.max(0, i - 1 - random.nextInt(50)));
    }
    return original(i);
  }

  /** The registration of app {@code index}: declared permissions and a description. */
  public AppRegistration registration(int index) {
    SplittableRandom random = appRandom(index, REGISTRATION_SALT);
    List<String> permissions = new ArrayList<>();
    for (String permission : PERMISSIONS) {
      if (random.nextInt(100) < 35) {
        permissions.add(permission);
      }
    }
    // A quarter of the apps describe themselves too briefly for the app-description rule.
    String description =
        random.nextInt(4) == 0
            ? "Sync tool"
            : "Synchronises call logs, presence and messages with the customer's CRM, every few minutes.";
    Instant registered = settings.end().minus(settings.span());
    return AppRegistration.newBuilder()
        .setAppId(appIds[index])
        .setName("Benchmark app " + index)
        .setDescription(description)
        .setPermissions(permissions)
        .setRegisteredAt(registered)
        .setUpdatedAt(registered)
        .build();
  }

  private ApiCallEvent original(long i) {
    SplittableRandom random = eventRandom(i ^ Long.MIN_VALUE);
    int app = skewedApp(random);
    Traits profile = traits[app];

    String method;
    String path;
    boolean oauth;
    int kind = random.nextInt(1000);
    int tokenShare = profile.tokenHeavy() ? 400 : 30;
    if (kind < tokenShare) {
      method = "POST";
      path = "/restapi/oauth/token";
      oauth = true;
    } else if (kind < tokenShare + 10) {
      String[] other = {"GET /restapi/oauth/authorize?response_type=code&client_id=" + appIds[app],
          "POST /restapi/oauth/revoke", "POST /restapi/oauth/wstoken"};
      String chosen = other[random.nextInt(other.length)];
      method = chosen.substring(0, chosen.indexOf(' '));
      path = chosen.substring(chosen.indexOf(' ') + 1);
      oauth = true;
    } else {
      Endpoint endpoint = pickEndpoint(random);
      method = endpoint.method();
      path = fill(endpoint.template(), profile.accountId(), random)
          + endpoint.queries()[random.nextInt(endpoint.queries().length)];
      oauth = false;
    }

    int status = status(random, method, oauth, profile.throttled());
    Long latency = random.nextInt(100) < 3 ? null : latencyMs(random, status);
    return ApiCallEvent.newBuilder()
        .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
        .setAppId(appIds[app])
        .setTimestamp(Instant.ofEpochMilli(eventTime(i, random)))
        .setMethod(method)
        .setPath(path)
        .setStatus(status)
        .setLatencyMs(latency)
        .setEnvironment(profile.production() ? Environment.production : Environment.sandbox)
        .build();
  }

  /** App 0 busiest: the index is apps * u^2, so app k gets a share falling like 1/sqrt(k). */
  private int skewedApp(SplittableRandom random) {
    double u = random.nextDouble();
    return Math.min(appIds.length - 1, (int) (appIds.length * u * u));
  }

  private static Endpoint pickEndpoint(SplittableRandom random) {
    int pick = random.nextInt(TOTAL_WEIGHT);
    for (Endpoint endpoint : ENDPOINTS) {
      pick -= endpoint.weight();
      if (pick < 0) {
        return endpoint;
      }
    }
    throw new AssertionError("weights do not add up");
  }

  private static String fill(String template, long accountId, SplittableRandom random) {
    StringBuilder out = new StringBuilder(template.length() + 24);
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        out.append(template, at, template.length());
        break;
      }
      out.append(template, at, open);
      int close = template.indexOf('}', open);
      String name = template.substring(open + 1, close);
      switch (name) {
        case "accountId" -> out.append(random.nextInt(10) < 8 ? "~" : Long.toString(accountId));
        case "extensionId" ->
            out.append(random.nextInt(10) < 6 ? "~" : Long.toString(62_264_000_000L + random.nextInt(1_000_000)));
        case "telephonySessionId" -> out.append("s-").append(Long.toHexString(random.nextLong()));
        case "subscriptionId" -> out.append(new UUID(random.nextLong(), random.nextLong()));
        default -> out.append(1_000_000_000L + random.nextLong(9_000_000_000L));
      }
      at = close + 1;
    }
    return out.toString();
  }

  private static int status(SplittableRandom random, String method, boolean oauth, boolean throttledApp) {
    int roll = random.nextInt(1000);
    int throttle = throttledApp ? 30 : 5;
    if (roll < throttle) {
      return 429;
    }
    roll -= throttle;
    if (roll < 45) {
      int[] clientErrors = {400, 401, 401, 403, 404, 404, 404};
      return clientErrors[random.nextInt(clientErrors.length)];
    }
    roll -= 45;
    if (roll < 10) {
      int[] serverErrors = {500, 502, 503, 503};
      return serverErrors[random.nextInt(serverErrors.length)];
    }
    if (oauth) {
      return 200;
    }
    return switch (method) {
      case "POST" -> 201;
      case "DELETE" -> 204;
      default -> 200;
    };
  }

  private static long latencyMs(SplittableRandom random, int status) {
    // Log-normal: median 60 ms (180 ms for 5xx, which often time out upstream), sigma 0.8.
    double median = status >= 500 ? 180 : 60;
    return Math.round(median * Math.exp(0.8 * gaussian(random)));
  }

  private long eventTime(long i, SplittableRandom random) {
    long position = Math.floorMod(i, settings.total());
    long base = startMs + (long) ((double) position / settings.total() * spanMs);
    long jitter = random.nextLong(4_000) - 2_000;
    long late = random.nextInt(100) == 0 ? random.nextLong(600_000) : 0;
    long time = base + jitter - late;
    return Math.min(settings.end().toEpochMilli(), Math.max(startMs, time));
  }

  /** Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private SplittableRandom eventRandom(long i) {
    return new SplittableRandom(mix(settings.seed() + MIX_GAMMA * (i + 1)));
  }

  private SplittableRandom appRandom(int app, long salt) {
    return new SplittableRandom(mix(mix(settings.seed() ^ salt) + MIX_GAMMA * (app + 1)));
  }

  /** A RingCentral-style client id: 22 characters of base62. */
  private static String clientId(SplittableRandom random) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    char[] id = new char[22];
    for (int c = 0; c < id.length; c++) {
      id[c] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(id);
  }

  /** Stafford variant 13 of the 64-bit finaliser (what SplittableRandom uses internally). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
