package dev.graduation.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.UUID;

/**
 * Demo traffic for the local stack, posted through the real ingest HTTP API: one app that
 * graduates and one app per way of failing, so every rule and remedy shows on the dashboard.
 * Then a trickle of live calls, so the numbers move.
 *
 * <p>The history is written once per data directory ({@link DemoSeedMarker}): a restart must not
 * change what the demo apps show. Its eventIds and event times derive from the instant the first
 * seed began, so a seed interrupted half-way and posted again is removed by eventId dedup.
 */
public final class DemoTraffic implements AutoCloseable {

  /** The demo apps and what each shows. */
  public static final Map<String, String> APPS = new LinkedHashMap<>();

  static {
    APPS.put("demo-eligible", "meets every rule");
    APPS.put("demo-few-calls", "too few successful calls (total and per endpoint)");
    APPS.put("demo-client-errors", "4xx rate of 10 %");
    APPS.put("demo-throttled", "was throttled (429)");
    APPS.put("demo-token-storm", "asks for a token before every call");
    APPS.put("demo-unregistered", "good traffic, but no registration");
    APPS.put("demo-unused-permission", "declares a permission it never uses, short description");
  }

  private static final String CALL_LOG = "/restapi/v1.0/account/~/extension/~/call-log?view=Simple";
  private static final String PRESENCE = "/restapi/v1.0/account/~/extension/~/presence";
  private static final String MESSAGES = "/restapi/v1.0/account/~/extension/~/message-store";
  private static final String TOKEN = "/restapi/oauth/token";
  private static final String DESCRIPTION =
      "Synchronises RingCentral call logs and presence into our customers' CRM every few minutes.";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String ingestUrl;
  private final String token;
  private final Clock clock;
  private final DemoSeedMarker marker;
  private final ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "demo-traffic");
    thread.setDaemon(true);
    return thread;
  });

  /** @param marker remembers, in the data directory, whether the history was written */
  public DemoTraffic(String ingestUrl, String token, Clock clock, DemoSeedMarker marker) {
    this.ingestUrl = ingestUrl;
    this.token = token;
    this.clock = clock;
    this.marker = marker;
  }

  /**
   * Registers the demo apps and posts their history (yesterday's and today's calls), unless this
   * data directory has it already.
   *
   * @return whether anything was posted
   */
  public boolean seed() throws IOException, InterruptedException {
    DemoSeedMarker.State state = marker.read();
    if (state.complete()) {
      return false;
    }
    Instant now = state.startedAt().orElseGet(clock::instant);
    marker.write(new DemoSeedMarker.State(Optional.of(now), false));
    Instant yesterday = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plus(Duration.ofHours(9));
    Instant today = now.minus(Duration.ofMinutes(30));
    String run = Long.toString(now.toEpochMilli(), 36);
    AtomicLong ids = new AtomicLong();
    Supplier<String> sequence = () -> run + "-" + ids.incrementAndGet();

    register("demo-eligible", DESCRIPTION, List.of("ReadCallLog", "ReadPresence"));
    register("demo-few-calls", DESCRIPTION, List.of("ReadCallLog"));
    register("demo-client-errors", DESCRIPTION, List.of("ReadCallLog", "ReadPresence"));
    register("demo-throttled", DESCRIPTION, List.of("ReadCallLog", "ReadPresence"));
    register("demo-token-storm", DESCRIPTION, List.of("ReadCallLog", "ReadPresence"));
    register("demo-unused-permission", "CRM sync.", List.of("ReadCallLog", "ReadPresence", "SMS"));

    List<Map<String, Object>> events = new ArrayList<>();
    for (String app : List.of("demo-eligible", "demo-client-errors", "demo-throttled", "demo-token-storm",
        "demo-unregistered", "demo-unused-permission")) {
      calls(events, sequence, app, CALL_LOG, 200, 8, yesterday);
      calls(events, sequence, app, PRESENCE, 200, 12, today);
      calls(events, sequence, app, TOKEN, 200, 1, yesterday);
      calls(events, sequence, app, TOKEN, 200, 1, today);
    }
    calls(events, sequence, "demo-few-calls", CALL_LOG, 200, 3, yesterday);
    calls(events, sequence, "demo-few-calls", PRESENCE, 200, 9, today);
    calls(events, sequence, "demo-client-errors", MESSAGES, 200, 6, today);
    calls(events, sequence, "demo-client-errors", MESSAGES, 404, 3, today);
    calls(events, sequence, "demo-throttled", PRESENCE, 429, 1, today);
    calls(events, sequence, "demo-token-storm", TOKEN, 200, 12, today.plus(Duration.ofMinutes(10)));
    calls(events, sequence, "demo-token-storm", CALL_LOG, 200, 12, today.plus(Duration.ofMinutes(10)));
    post(events);
    marker.write(new DemoSeedMarker.State(Optional.of(now), true));
    return true;
  }

  /** Every two seconds, a successful call for the eligible app: the dashboard's numbers move. */
  public void startLiveTraffic() {
    live.scheduleAtFixedRate(
        () -> {
          try {
            List<Map<String, Object>> events = new ArrayList<>();
            // A fresh id each time: a counter would start again at a restart and its ids
            // would be taken for copies of the previous run's calls.
            calls(events, () -> UUID.randomUUID().toString(), "demo-eligible", PRESENCE, 200, 1, clock.instant());
            post(events);
          } catch (IOException | RuntimeException e) {
            // The stack may be shutting down; the next tick tries again.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        2,
        2,
        TimeUnit.SECONDS);
  }

  private static void calls(
      List<Map<String, Object>> events, Supplier<String> ids, String app, String path, int status, int count,
      Instant from) {
    for (int i = 0; i < count; i++) {
      String id = ids.get();
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("eventId", app + "-" + id);
      event.put("appId", app);
      event.put("timestamp", from.plusSeconds(i * 7L).toString());
      event.put("method", path.startsWith("/restapi/oauth") ? "POST" : "GET");
      event.put("path", path);
      event.put("status", status);
      event.put("latencyMs", 40 + Math.floorMod(id.hashCode() * 37, 400));
      events.add(event);
    }
  }

  private void register(String app, String description, List<String> permissions)
      throws IOException, InterruptedException {
    Map<String, Object> body = Map.of("name", "Demo " + app, "description", description, "permissions", permissions);
    send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/apps/" + app))
        .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
  }

  private void post(List<Map<String, Object>> events) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/events"))
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(events))));
  }

  /** Sends like a gateway: a 503 ("come back later", e.g. while ingest starts) is retried. */
  private void send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest built =
        request.header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return;
      }
      if (response.statusCode() != 503 || attempt == MAX_ATTEMPTS) {
        throw new IOException("ingest answered " + response.statusCode() + ": " + response.body());
      }
      TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS);
    }
  }

  /** With the pause, a minute: longer than ingest takes to load registrations at start. */
  private static final int MAX_ATTEMPTS = 120;
  private static final long RETRY_PAUSE_MS = 500;

  @Override
  public void close() {
    live.shutdownNow();
  }
}
