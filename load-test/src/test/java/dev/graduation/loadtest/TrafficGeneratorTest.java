package dev.graduation.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.catalog.EndpointMatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {

  private static final Instant END = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration SPAN = Duration.ofHours(36);
  private static final int EVENTS = 20_000;

  private static TrafficGenerator generator(long seed) {
    return new TrafficGenerator(new TrafficGenerator.Settings(seed, 200, EVENTS, END, SPAN));
  }

  private static List<ApiCallEvent> events(TrafficGenerator traffic) {
    List<ApiCallEvent> events = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      events.add(traffic.event(i));
    }
    return events;
  }

  @Test
  void eventIDependsOnlyOnTheSettingsAndI() {
    TrafficGenerator forward = generator(7);
    TrafficGenerator backward = generator(7);
    List<ApiCallEvent> reversed = new ArrayList<>();
    for (int i = 999; i >= 0; i--) {
      reversed.add(0, backward.event(i));
    }

    assertThat(reversed).isEqualTo(IntStream.range(0, 1000).mapToObj(forward::event).toList());
    assertThat(generator(7).registration(3)).isEqualTo(generator(7).registration(3));
  }

  @Test
  void anotherSeedIsOtherTraffic() {
    Set<String> seven = new HashSet<>();
    Set<String> eight = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seven.add(generator(7).event(i).getEventId());
      eight.add(generator(8).event(i).getEventId());
    }

    seven.retainAll(eight);
    assertThat(seven).isEmpty();
    assertThat(generator(7).appId(0)).isNotEqualTo(generator(8).appId(0));
  }

  /** Pins the traffic of one seed, so that a change to the mix is a visible, deliberate one. */
  @Test
  void theMixOfSeedOneIsStable() {
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (ApiCallEvent event : events(generator(1))) {
      statuses.merge(event.getStatus(), 1, Integer::sum);
    }

    assertThat(statuses).isEqualTo(expectedStatusesOfSeedOne());
  }

  private static Map<Integer, Integer> expectedStatusesOfSeedOne() {
    return Map.ofEntries(
        Map.entry(200, 15551), Map.entry(201, 2944), Map.entry(204, 179),
        Map.entry(400, 134), Map.entry(401, 251), Map.entry(403, 159), Map.entry(404, 408),
        Map.entry(429, 169),
        Map.entry(500, 56), Map.entry(502, 48), Map.entry(503, 101));
  }

  @Test
  void trafficLooksLikeAGatewaysWithinTheSpan() {
    List<ApiCallEvent> events = events(generator(1));
    int successful = 0;
    int throttled = 0;
    int serverErrors = 0;
    int tokenRequests = 0;
    int withoutLatency = 0;
    Map<String, Integer> perApp = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (ApiCallEvent event : events) {
      int status = event.getStatus();
      successful += status / 100 == 2 ? 1 : 0;
      throttled += status == 429 ? 1 : 0;
      serverErrors += status / 100 == 5 ? 1 : 0;
      tokenRequests += event.getPath().equals("/restapi/oauth/token") ? 1 : 0;
      withoutLatency += event.getLatencyMs() == null ? 1 : 0;
      perApp.merge(event.getAppId(), 1, Integer::sum);
      ids.add(event.getEventId());
      assertThat(event.getTimestamp()).isBetween(END.minus(SPAN), END);
      assertThat(event.getAppId()).matches("[A-Za-z0-9._-]{1,64}");
    }

    assertThat(successful).isBetween(EVENTS * 92 / 100, EVENTS * 96 / 100);
    assertThat(throttled).isBetween(EVENTS / 400, EVENTS * 3 / 100);
    assertThat(serverErrors).isBetween(EVENTS / 200, EVENTS * 2 / 100);
    assertThat(tokenRequests).isBetween(EVENTS * 3 / 100, EVENTS * 12 / 100);
    assertThat(withoutLatency).isBetween(EVENTS * 2 / 100, EVENTS * 4 / 100);
    // Gateway retries: about 0.5 % of events repeat an earlier eventId.
    assertThat(EVENTS - ids.size()).isBetween(EVENTS * 3 / 1000, EVENTS * 7 / 1000);
    String busiest = perApp.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertThat(busiest).isEqualTo(generator(1).appId(0));
  }

  @Test
  void everyApiCallIsACatalogOperationOfItsOwnMethod() {
    EndpointCatalog catalog = EndpointCatalog.load();
    for (ApiCallEvent event : events(generator(2))) {
      EndpointMatch match = catalog.match(event.getMethod(), event.getPath());
      assertThat(match.operation()).as(event.getMethod() + " " + event.getPath()).isNotNull();
      assertThat(match.operation().method()).isEqualTo(event.getMethod());
      assertThat(match.oauth()).isEqualTo(event.getPath().startsWith("/restapi/oauth/"));
    }
  }

  @Test
  void registrationsDeclarePermissionsTheTrafficUses() {
    EndpointCatalog catalog = EndpointCatalog.load();
    Set<String> exercised = new HashSet<>();
    events(generator(3)).forEach(e -> {
      String permission = catalog.match(e.getMethod(), e.getPath()).permission();
      if (permission != null) {
        exercised.add(permission);
      }
    });
    TrafficGenerator traffic = generator(3);
    for (int app = 0; app < 200; app++) {
      AppRegistration registration = traffic.registration(app);
      assertThat(registration.getAppId()).isEqualTo(traffic.appId(app));
      assertThat(exercised).containsAll(registration.getPermissions());
    }
  }

  @Test
  void ndjsonCarriesEveryFieldOfTheEvent() throws Exception {
    List<ApiCallEvent> events = IntStream.range(0, 500).mapToObj(generator(4)::event).toList();
    String[] lines = new String(Ndjson.body(events), StandardCharsets.UTF_8).split("\n");

    assertThat(lines).hasSize(500);
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < lines.length; i++) {
      JsonNode line = json.readTree(lines[i]);
      ApiCallEvent event = events.get(i);
      assertThat(line.get("eventId").asText()).isEqualTo(event.getEventId());
      assertThat(line.get("appId").asText()).isEqualTo(event.getAppId());
      assertThat(Instant.parse(line.get("timestamp").asText())).isEqualTo(event.getTimestamp());
      assertThat(line.get("method").asText()).isEqualTo(event.getMethod());
      assertThat(line.get("path").asText()).isEqualTo(event.getPath());
      assertThat(line.get("status").asInt()).isEqualTo(event.getStatus());
      assertThat(line.has("latencyMs") ? line.get("latencyMs").asLong() : null).isEqualTo(event.getLatencyMs());
      assertThat(line.get("environment").asText()).isEqualTo(event.getEnvironment().name());
    }
  }
}
