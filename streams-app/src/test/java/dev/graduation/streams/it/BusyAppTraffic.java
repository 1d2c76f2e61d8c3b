package dev.graduation.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.it.PathTable.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The traffic of issue 21 item 1: one app whose calls are most of what each commit processes,
 * with eventIds of 64-128 characters (the contract allows up to 128; a raw call's stored size is
 * mostly its eventId), and a few quiet apps with ordinary traffic, some on the busy app's
 * partition. Each app's counts are made here, as the events are made, from {@link PathTable}
 * only (no product code), and compared with what the query API answers.
 */
final class BusyAppTraffic {

  private static final int PARTITIONS = Topics.API_CALLS.partitions();
  private static final int MIN_ID_LENGTH = 64;
  private static final int MAX_ID_LENGTH = 128;
  private static final List<Route> ROUTES = PathTable.WITH_PERMISSION.subList(0, 4);
  private static final int QUIET_CALLS = 30;

  private final String busyApp;
  private final List<String> quietApps;
  private final Map<String, AppCounts> counts = new LinkedHashMap<>();
  private final Instant now = Instant.now();

  /** @param quietPerSide quiet apps on the busy app's partition, and as many on other partitions */
  BusyAppTraffic(String busyApp, int quietPerSide) {
    this.busyApp = busyApp;
    this.quietApps = quietApps(busyApp, quietPerSide);
    counts.put(busyApp, new AppCounts());
    quietApps.forEach(app -> counts.put(app, new AppCounts()));
  }

  /** Every quiet app's events: a few dozen calls each, minutes ago. */
  List<ApiCallEvent> quietEvents() {
    List<ApiCallEvent> events = new ArrayList<>();
    for (String app : quietApps) {
      for (int i = 0; i < QUIET_CALLS; i++) {
        events.add(event(app, i, now.minusSeconds(600 - i)));
      }
    }
    return events;
  }

  /**
   * The busy app's {@code i}-th call, within the last minute (one UTC hour, or two when the test
   * runs across an hour's end): the calls of one app hour are what one raw-call record held.
   */
  ApiCallEvent busyEvent(long i) {
    return event(busyApp, i, now.minusMillis(60_000 - (i % 60_000)));
  }

  private ApiCallEvent event(String app, long i, Instant at) {
    Route route = ROUTES.get((int) (i % ROUTES.size()));
    int status = i % 20 == 7 ? 404 : i % 50 == 3 ? 500 : 200;
    counts.get(app).count(route, status);
    String suffix = app + "-" + i;
    int length = MIN_ID_LENGTH + (int) (i % (MAX_ID_LENGTH - MIN_ID_LENGTH + 1));
    String eventId = "x".repeat(Math.max(0, length - suffix.length())) + suffix;
    return ApiCallEvent.newBuilder()
        .setEventId(eventId)
        .setAppId(app)
        .setTimestamp(at)
        .setMethod(route.method())
        .setPath(route.rawPath())
        .setStatus(status)
        .setLatencyMs(i % 997)
        .setEnvironment(Environment.production)
        .build();
  }

  /** The event as the gateway posts it to ingest (contract section 3). */
  static Map<String, Object> json(ApiCallEvent event) {
    return Map.of(
        "eventId", event.getEventId(),
        "appId", event.getAppId(),
        "timestamp", event.getTimestamp().toEpochMilli(),
        "method", event.getMethod(),
        "path", event.getPath(),
        "status", event.getStatus(),
        "latencyMs", event.getLatencyMs(),
        "environment", event.getEnvironment().name());
  }

  /**
   * Waits until the topology has committed every record of api-calls, failing as soon as a
   * stream thread fails; then asserts that no thread failed and that every app, busy and quiet,
   * answers 200 with exactly the calls made.
   */
  void assertAllCountedExactly(StreamsApp app, String queryToken, String bootstrapServers, String groupId, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .failFast("a stream thread died", () -> failedStreamThreads(app.streams()) > 0)
        .until(() -> allConsumed(bootstrapServers, groupId));
    HttpJson query = new HttpJson("http://127.0.0.1:" + app.httpPort(), queryToken);
    for (String each : counts.keySet()) {
      assertExactCounts(query, each);
    }
    assertThat(failedStreamThreads(app.streams())).as("failed stream threads").isZero();
  }

  /** Asserts that the app's eligibility answers 200 with exactly the calls made (totals and per endpoint). */
  private void assertExactCounts(HttpJson query, String app) {
    HttpJson.Reply reply = query.get("/v1/apps/" + app + "/eligibility");
    assertThat(reply.status()).as("eligibility of %s: %s", app, reply.raw().body()).isEqualTo(200);
    AppCounts expected = counts.get(app);
    JsonNode body = reply.body();
    assertThat(body.at("/totals/calls").asLong()).as("calls of %s", app).isEqualTo(expected.calls);
    assertThat(body.at("/totals/successful").asLong()).as("successful calls of %s", app).isEqualTo(expected.successful);
    Map<String, List<Long>> endpoints = new TreeMap<>();
    body.get("endpoints").forEach(endpoint -> endpoints.put(
        endpoint.get("endpoint").asText(), List.of(endpoint.get("calls").asLong(), endpoint.get("successful").asLong())));
    assertThat(endpoints).as("calls and successful calls per endpoint of %s", app).isEqualTo(expected.endpoints());

    HttpJson.Reply hours = query.get("/v1/apps/" + app + "/calls?granularity=hour");
    assertThat(hours.status()).as("hourly calls of %s: %s", app, hours.raw().body()).isEqualTo(200);
    long hourly = 0;
    for (JsonNode bucket : hours.body().get("buckets")) {
      hourly += bucket.get("calls").asLong();
    }
    assertThat(hourly).as("calls of %s summed over its hours", app).isEqualTo(expected.calls);
  }

  /** Whether the group has committed every record of api-calls: the topology is done with them. */
  private static boolean allConsumed(String bootstrapServers, String groupId) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(Topics.API_CALLS.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      var ends = admin.listOffsets(latest).all().get();
      return ends.entrySet().stream().allMatch(end -> {
        OffsetAndMetadata at = committed.get(end.getKey());
        // Under exactly-once a transaction marker follows the last record: committed = end.
        return end.getValue().offset() == 0 || (at != null && at.offset() >= end.getValue().offset());
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      return false;
    }
  }

  /**
   * How many stream threads of {@code streams} failed so far: Kafka Streams' own client metric
   * {@code failed-stream-threads} (a replaced thread may get the dead one's name, so the thread
   * names alone would not tell).
   */
  private static long failedStreamThreads(KafkaStreams streams) {
    return streams.metrics().values().stream()
        .filter(metric -> metric.metricName().name().equals("failed-stream-threads"))
        .mapToLong(metric -> ((Number) metric.metricValue()).longValue())
        .sum();
  }

  private static List<String> quietApps(String busyApp, int perSide) {
    int busyPartition = partitionOf(busyApp);
    List<String> same = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; same.size() < perSide || other.size() < perSide; i++) {
      String app = "quiet-" + i;
      List<String> side = partitionOf(app) == busyPartition ? same : other;
      if (side.size() < perSide) {
        side.add(app);
      }
    }
    same.addAll(other);
    return same;
  }

  /** The producer's partition for a key: murmur2, as ingest's producer and any keyed producer. */
  private static int partitionOf(String appId) {
    return Utils.toPositive(Utils.murmur2(appId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Calls and successful calls, in total and per endpoint template. */
  private static final class AppCounts {
    private long calls;
    private long successful;
    private final Map<String, long[]> byEndpoint = new TreeMap<>();

    void count(Route route, int status) {
      boolean ok = status / 100 == 2;
      calls++;
      successful += ok ? 1 : 0;
      long[] endpoint = byEndpoint.computeIfAbsent(route.template(), ignored -> new long[2]);
      endpoint[0]++;
      endpoint[1] += ok ? 1 : 0;
    }

    Map<String, List<Long>> endpoints() {
      Map<String, List<Long>> rows = new TreeMap<>();
      byEndpoint.forEach((template, pair) -> rows.put(template, List.of(pair[0], pair[1])));
      return rows;
    }
  }
}
