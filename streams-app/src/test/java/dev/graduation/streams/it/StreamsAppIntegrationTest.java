package dev.graduation.streams.it;

import static dev.graduation.streams.Calls.CALL_LOG;
import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.PRESENCE;
import static dev.graduation.streams.Calls.PRESENCE_PATH;
import static dev.graduation.streams.Calls.okCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.schemas.SchemaRegistryClient;
import dev.graduation.schemas.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.EligibilityChange;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.topology.DeadLetterDeserializationHandler;
import dev.graduation.streams.topology.ImpossibleEventException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** streams-app on a real broker: query API answers, DLQ records, eligibility-changes. */
@Tag("integration")
@Timeout(180)
class StreamsAppIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final String TOKEN = "query-token";
  @TempDir static Path stateDir;
  private static StreamsApp app;
  private static HttpJson query;

  @BeforeAll
  static void start() {
    StreamsAppConfig config = TestStreamsApps.config(KAFKA, "streams-app-it", stateDir, TOKEN);
    app = StreamsApp.start(config, Clock.systemUTC());
    query = new HttpJson("http://127.0.0.1:" + app.httpPort(), TOKEN);
    await().atMost(Duration.ofSeconds(60)).until(app::isRunning);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static void produce(List<ApiCallEvent> events) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, ApiCallEvent> producer =
        new KafkaProducer<>(props, new StringSerializer(), Topics.API_CALLS.valueSerde(KAFKA.serdeConfig()).serializer())) {
      for (ApiCallEvent event : events) {
        producer.send(new ProducerRecord<>(Topics.API_CALLS.name(), null, event.getTimestamp().toEpochMilli(), event.getAppId(), event));
      }
    }
  }

  /** The seed example of the contract, yesterday and today, ending a minute ago. */
  private static List<ApiCallEvent> seedExample(String app, int callLogToday) {
    Instant now = Instant.now();
    Instant yesterday = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plus(Duration.ofHours(12));
    Instant today = now.minus(Duration.ofMinutes(1));
    List<ApiCallEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(okCall(app, CALL_LOG_PATH, yesterday.plusSeconds(i)));
      events.add(okCall(app, PRESENCE_PATH, yesterday.plusSeconds(10 + i)));
    }
    for (int i = 0; i < callLogToday; i++) {
      events.add(okCall(app, CALL_LOG_PATH, today.plusMillis(i)));
    }
    for (int i = 0; i < 12; i++) {
      events.add(okCall(app, PRESENCE_PATH, today.plusMillis(10 + i)));
    }
    return events;
  }

  private static JsonNode eligibilityOnceCounted(String app, int calls) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> query.get("/v1/apps/" + app + "/eligibility"),
            reply -> reply.status() == 200 && reply.body().at("/totals/calls").asInt() == calls)
        .body();
  }

  @Test
  void seedExamplePassesBothCallCountRules() {
    produce(seedExample("seed-app", 2));
    JsonNode eligibility = eligibilityOnceCounted("seed-app", 20);

    assertThat(eligibility.get("endpoints"))
        .isEqualTo(HttpJson.parse("""
            [{"endpoint": "%s", "calls": 5, "successful": 5, "methods": [{"method": "GET", "calls": 5, "successful": 5}]},
             {"endpoint": "%s", "calls": 15, "successful": 15, "methods": [{"method": "GET", "calls": 15, "successful": 15}]}]
            """.formatted(CALL_LOG, PRESENCE)));
    assertThat(rule(eligibility, "total-successful-calls").get("passed").asBoolean()).isTrue();
    assertThat(rule(eligibility, "total-successful-calls").get("actual").asLong()).isEqualTo(20);
    assertThat(rule(eligibility, "successful-calls-per-endpoint").get("passed").asBoolean()).isTrue();
    assertThat(rule(eligibility, "successful-calls-per-endpoint").get("actual").asLong()).isEqualTo(5);
    assertThat(eligibility.get("eligible").asBoolean()).isFalse(); // no registration
  }

  /**
   * Eligibility "now" is kept per app between changes of its state (EligibilityAnswers): the
   * answer after one more call, and after a registration, is the new one. Seen failing (the kept
   * answer shown for good: 20 calls, no description) with the stores and the verdict processor
   * not telling AppStateVersions what they wrote.
   */
  @Test
  void aKeptAnswerFollowsTheAppsNextCallAndRegistration() throws Exception {
    produce(seedExample("kept-app", 2));
    JsonNode first = eligibilityOnceCounted("kept-app", 20);
    assertThat(query.get("/v1/apps/kept-app/eligibility").body().get("totals")).isEqualTo(first.get("totals"));

    produce(List.of(okCall("kept-app", CALL_LOG_PATH, Instant.now().minusSeconds(30))));
    eligibilityOnceCounted("kept-app", 21);

    new TrafficWriter(KAFKA).registrations(
        List.of(new SeededTraffic.Registered("kept-app",
            new TrafficModel.Registration("Reads call logs and presence for a kept-answer test.", List.of("ReadCallLog")))),
        Instant.now());
    JsonNode registered = await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> query.get("/v1/apps/kept-app/eligibility").body(),
            body -> rule(body, "app-description").get("passed").asBoolean());
    assertThat(registered.at("/totals/calls").asInt()).isEqualTo(21);
    assertThat(rule(registered, "permissions-exercised").get("passed").asBoolean()).isTrue();
  }

  @Test
  void callsLatencyAndEndpointSeriesAnswerPerBucket() {
    produce(seedExample("series-app", 2));
    eligibilityOnceCounted("series-app", 20);
    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Instant yesterday = today.minus(Duration.ofDays(1));
    String range = "from=" + yesterday + "&to=" + Instant.now().truncatedTo(ChronoUnit.SECONDS);

    JsonNode calls = query.get("/v1/apps/series-app/calls?granularity=day&" + range).body();
    assertThat(calls.get("buckets")).isEqualTo(HttpJson.parse("""
        [{"start": "%s", "calls": 6, "successful": 6, "clientErrors": 0, "throttled": 0, "serverErrors": 0, "oauthCalls": 0, "tokenRequests": 0},
         {"start": "%s", "calls": 14, "successful": 14, "clientErrors": 0, "throttled": 0, "serverErrors": 0, "oauthCalls": 0, "tokenRequests": 0}]
        """.formatted(yesterday, today)));

    JsonNode latency = query.get("/v1/apps/series-app/latency?granularity=day&" + range).body();
    assertThat(latency.get("buckets")).isEqualTo(HttpJson.parse("""
        [{"start": "%s", "count": 6, "p50": 20, "p90": 20, "p99": 20, "max": 20},
         {"start": "%s", "count": 14, "p50": 20, "p90": 20, "p99": 20, "max": 20}]
        """.formatted(yesterday, today)));

    Instant asked = Instant.now();
    JsonNode hourly = query.get("/v1/apps/series-app/calls?granularity=hour").body();
    assertThat(hourly.get("buckets")).hasSize(25); // the last 24 hours, zero-filled, both ends' hours
    long total = 0;
    for (JsonNode bucket : hourly.get("buckets")) {
      total += bucket.get("calls").asLong();
    }
    // Yesterday's six calls were at noon: inside the last 24 hours only in the morning.
    boolean yesterdayNoonShown = !yesterday.plus(Duration.ofHours(12))
        .isBefore(asked.minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.HOURS));
    assertThat(total).isEqualTo(yesterdayNoonShown ? 20 : 14);
    JsonNode endpoints = query.get("/v1/apps/series-app/endpoints?" + range).body();
    assertThat(endpoints.get("endpoints").get(0).get("calls").asLong()).isEqualTo(5);
    assertThat(endpoints.get("endpoints").get(1).get("calls").asLong()).isEqualTo(15);
    assertThat(query.get("/v1/apps/series-app/calls?granularity=week").body())
        .isEqualTo(HttpJson.parse("{\"error\": \"granularity must be hour or day\"}"));
  }

  /**
   * A day older than the hourly data is answered from its rolled-up day bucket (the late calls of
   * a rolled-up day count in it directly); today from its hours.
   */
  @Test
  void daysOlderThanTheHourlyDataAreAnsweredFromTheirDayBuckets() {
    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
    Instant tenDaysAgo = today.minus(Duration.ofDays(10));
    List<ApiCallEvent> events = new ArrayList<>();
    events.add(okCall("old-days-app", PRESENCE_PATH, Instant.now().minus(Duration.ofMinutes(1))));
    for (int i = 0; i < 3; i++) {
      events.add(okCall("old-days-app", CALL_LOG_PATH, tenDaysAgo.plus(Duration.ofHours(9)).plusSeconds(i)));
    }
    produce(events);
    Instant from = tenDaysAgo.minus(Duration.ofDays(1));
    StringBuilder expected = new StringBuilder("[");
    for (Instant day = from; !day.isAfter(today); day = day.plus(Duration.ofDays(1))) {
      long calls = day.equals(tenDaysAgo) ? 3 : day.equals(today) ? 1 : 0;
      expected.append(expected.length() > 1 ? "," : "").append("""
          {"start": "%s", "calls": %d, "successful": %d, "clientErrors": 0, "throttled": 0, "serverErrors": 0, "oauthCalls": 0, "tokenRequests": 0}
          """.formatted(day, calls, calls));
    }
    JsonNode buckets = HttpJson.parse(expected.append("]").toString());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(
                query.get("/v1/apps/old-days-app/calls?granularity=day&from=" + from + "&to=" + today).body().get("buckets"))
            .isEqualTo(buckets));
  }

  @Test
  void oneCallLogCallLessFailsThePerEndpointRuleNamingCallLog() {
    produce(seedExample("short-app", 1));
    JsonNode eligibility = eligibilityOnceCounted("short-app", 19);

    JsonNode perEndpoint = rule(eligibility, "successful-calls-per-endpoint");
    assertThat(perEndpoint.get("passed").asBoolean()).isFalse();
    assertThat(perEndpoint.get("actual").asLong()).isEqualTo(4);
    assertThat(perEndpoint.get("remedy").asText()).contains("1 more successful call").contains("GET " + CALL_LOG);
  }

  @Test
  void unknownAppIs404AndRequestsWithoutTokenAre401() {
    HttpJson.Reply unknown = query.get("/v1/apps/nobody/eligibility");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("error").asText()).isEqualTo("unknown app nobody: no events and no registration");

    HttpJson.Reply noToken = query.getWithoutToken("/v1/apps/nobody/eligibility");
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.body()).isEqualTo(HttpJson.parse("{\"error\": \"missing or invalid bearer token\"}"));

    for (String series : List.of("calls", "latency", "endpoints", "permissions")) {
      assertThat(query.get("/v1/apps/nobody/" + series).status()).as(series).isEqualTo(404);
    }

    HttpJson.Reply badAt = query.get("/v1/apps/nobody/eligibility?at=yesterday");
    assertThat(badAt.status()).isEqualTo(400);
    assertThat(badAt.body().get("error").asText()).isEqualTo("at must be an RFC 3339 instant such as 2026-11-23T10:00:00Z");

    HttpJson.Reply noRoute = query.get("/v1/nothing");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.body()).isEqualTo(HttpJson.parse("{\"error\": \"not found\"}"));
  }

  /** Seen failing: before the query server had JSON error pages, the 414 came back as Jetty's HTML. */
  @Test
  void hostileQueryInputIsAClear4xx() {
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("/v1/apps/%FF%FE/eligibility", 400);
    expected.put("/v1/apps/" + "a".repeat(65) + "/eligibility", 400);
    expected.put("/v1/apps/x/eligibility?at=+999999999-01-01T00:00:00Z", 400);
    expected.put("/v1/apps/x/eligibility?at=2026-11-23T10:00:00", 400);
    expected.put("/v1/apps/x/calls?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z", 400);
    expected.put("/v1/apps/x/calls?granularity=%00", 400);
    expected.put("/v1/apps/x/eligibility?at=" + Instant.now().minus(Duration.ofDays(30)), 400);
    expected.put("/v1/apps/x/eligibility?at=" + Instant.now().plus(Duration.ofHours(1)), 400);
    expected.put("/v1/apps/x/calls?granularity=hour&from=" + Instant.now().minus(Duration.ofDays(20)), 400);
    expected.put("/v1/apps/x/calls?granularity=day&to=" + Instant.now().plus(Duration.ofDays(2)), 400);
    expected.put("/v1/apps/x/eligibility?at=" + "9".repeat(20_000), 414);
    for (Map.Entry<String, Integer> request : expected.entrySet()) {
      HttpJson.Reply reply = query.get(request.getKey());
      assertThat(reply.status()).as(request.getKey()).isEqualTo(request.getValue());
      assertThat(reply.raw().headers().firstValue("Content-Type").orElse("")).as(request.getKey()).contains("json");
      assertThat(reply.body().get("error").asText()).as(request.getKey()).isNotBlank().doesNotContain("Exception");
    }
  }

  /** Seen failing on purpose: without the /v1/* token check, "/v1/apps" answered 200. */
  @Test
  void everyDataRouteNeedsAToken() {
    for (String route : List.of("/v1/apps", "/v1/apps/seed-app", "/v1/apps/seed-app/eligibility",
        "/v1/apps/seed-app/calls", "/v1/apps/seed-app/endpoints", "/v1/apps/seed-app/permissions",
        "/v1/apps/seed-app/latency", "/v1/anything")) {
      HttpJson.Reply reply = new HttpJson("http://127.0.0.1:" + app.httpPort(), "wrong-token").get(route);
      assertThat(reply.status()).as(route).isEqualTo(401);
      assertThat(reply.body()).as(route).isEqualTo(HttpJson.parse("{\"error\": \"missing or invalid bearer token\"}"));
    }
    // Left open on purpose (README): liveness, readiness, metrics and the dashboard page itself.
    for (String route : List.of("/health/live", "/health/ready", "/metrics", "/")) {
      assertThat(query.getWithoutToken(route).raw().statusCode()).as(route).isEqualTo(200);
    }
  }

  @Test
  void unreadableRecordsLandInTheDlqWithReasonAndSource() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.API_CALLS.name(), 2, "dlq-app".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)));
    }
    produce(seedExample("after-dlq-app", 2));

    List<ConsumerRecord<byte[], byte[]>> dead = consumeUntil(Topics.API_CALLS_DLQ.name(),
        records -> records.stream().anyMatch(r -> "2".equals(header(r, "__streams.errors.partition"))));
    ConsumerRecord<byte[], byte[]> record =
        dead.stream().filter(r -> "2".equals(header(r, "__streams.errors.partition"))).findFirst().orElseThrow();
    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
    assertThat(header(record, "__streams.errors.topic")).isEqualTo("api-calls");
    assertThat(header(record, "__streams.errors.partition")).isEqualTo("2");
    assertThat(header(record, "__streams.errors.offset")).isNotNull();
    assertThat(header(record, "__streams.errors.message")).contains("magic byte");
    eligibilityOnceCounted("after-dlq-app", 20);
    assertThat(app.metrics().get(DeadLetterDeserializationHandler.COUNTER_NAME).tag("reason", "deserialization")
        .counter().count()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void unknownSchemaIdsAndImpossibleValuesLandInTheDlqToo() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    byte[] unknownSchemaId = {0, 0, 0, 0x7f, 0x7f, 2, 'x'};
    ApiCallEvent impossible = ApiCallEvent.newBuilder(okCall("poison-app", CALL_LOG_PATH, Instant.now())).setStatus(999).build();
    try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaProducer<String, ApiCallEvent> avro = new KafkaProducer<>(props, new StringSerializer(),
            Topics.API_CALLS.valueSerde(KAFKA.serdeConfig()).serializer())) {
      raw.send(new ProducerRecord<>(Topics.API_CALLS.name(), 4, "poison-app".getBytes(StandardCharsets.UTF_8), unknownSchemaId));
      // Two producers: only a flush in between fixes the order of their records on the partition.
      raw.flush();
      avro.send(new ProducerRecord<>(Topics.API_CALLS.name(), 4, "poison-app", impossible));
    }

    List<ConsumerRecord<byte[], byte[]>> dead = consumeUntil(Topics.API_CALLS_DLQ.name(),
        records -> records.stream().filter(r -> header(r, "__streams.errors.partition").equals("4")).count() == 2);
    List<ConsumerRecord<byte[], byte[]>> fromPartition4 =
        dead.stream().filter(r -> header(r, "__streams.errors.partition").equals("4")).toList();
    assertThat(fromPartition4.get(0).value()).isEqualTo(unknownSchemaId);
    assertThat(header(fromPartition4.get(0), "__streams.errors.message")).contains("Schema registry refused").contains("40403");
    assertThat(header(fromPartition4.get(1), "__streams.errors.exception")).isEqualTo(ImpossibleEventException.class.getName());
    assertThat(header(fromPartition4.get(1), "__streams.errors.message")).isEqualTo("status 999 is not an HTTP status");
    assertThat(header(fromPartition4.get(1), "__streams.errors.topic")).isEqualTo("api-calls");
    assertThat(Long.parseLong(header(fromPartition4.get(1), "__streams.errors.offset")))
        .isEqualTo(Long.parseLong(header(fromPartition4.get(0), "__streams.errors.offset")) + 1);
    assertThat(app.metrics().get(DeadLetterDeserializationHandler.COUNTER_NAME).tag("reason", "processing").counter().count())
        .isEqualTo(1.0);
  }

  /** v2 of the event schema adds an optional field; the topology (built on v1) reads both. */
  @Test
  void aTopicMixingSchemaVersionsIsCountedWhole() throws Exception {
    Schema v1 = ApiCallEvent.getClassSchema();
    Schema v2 = withOptionalField(v1, "userAgent");
    SchemaRegistryClient registry = SchemaRegistryClient.forUrl(KAFKA.schemaRegistryUrl());
    String subject = WireFormat.subject(Topics.API_CALLS.name(), false);
    assertThat(registry.isCompatibleWithLatest(subject, v2)).isTrue();
    int v2Id = registry.register(subject, v2);

    List<ApiCallEvent> v1Events = seedExample("mixed-app", 2);
    List<ApiCallEvent> asV1 = v1Events.subList(0, 10);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    produce(asV1);
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (ApiCallEvent event : v1Events.subList(10, v1Events.size())) {
        raw.send(new ProducerRecord<>(Topics.API_CALLS.name(), null, event.getTimestamp().toEpochMilli(),
            event.getAppId(), writeAsV2(event, v2, v2Id)));
      }
    }

    JsonNode eligibility = eligibilityOnceCounted("mixed-app", 20);
    assertThat(rule(eligibility, "total-successful-calls").get("actual").asLong()).isEqualTo(20);
  }

  /** Seen failing on purpose: with the registry's BACKWARD check always passing, the type change was accepted. */
  @Test
  void anIncompatibleSchemaChangeIsRefusedWithAClearError() {
    Schema v1 = ApiCallEvent.getClassSchema();
    // status as a string: data written with v1 cannot be read with it.
    String incompatible = v1.toString().replace(
        "{\"name\":\"status\",\"type\":\"int\"", "{\"name\":\"status\",\"type\":\"string\"");
    Schema v3 = new Schema.Parser().parse(incompatible);
    SchemaRegistryClient registry = SchemaRegistryClient.forUrl(KAFKA.schemaRegistryUrl());
    String subject = WireFormat.subject(Topics.API_CALLS.name(), false);
    produce(List.of(okCall("compat-app", CALL_LOG_PATH, Instant.now()))); // v1 registered

    assertThat(registry.isCompatibleWithLatest(subject, v3)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, v3))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("HTTP 409")
        .hasMessageContaining("incompatible with an earlier schema")
        .hasMessageContaining("reader type: STRING not compatible with writer type: INT");
  }

  private static Schema withOptionalField(Schema schema, String name) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(new Schema.Field(name,
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)), "added in v2", Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private static byte[] writeAsV2(ApiCallEvent event, Schema v2, int v2Id) throws Exception {
    GenericRecord record = new GenericData.Record(v2);
    for (Schema.Field field : ApiCallEvent.getClassSchema().getFields()) {
      Object value = event.get(field.name());
      if (value instanceof Instant instant) {
        value = instant.toEpochMilli();
      } else if (value instanceof Enum<?> symbol) {
        value = new GenericData.EnumSymbol(field.schema(), symbol.name());
      }
      record.put(field.name(), value);
    }
    record.put("userAgent", "RingCentral-SDK/1.0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(WireFormat.MAGIC_BYTE);
    out.write(ByteBuffer.allocate(4).putInt(v2Id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(v2).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void verdictsArePublishedToEligibilityChanges() {
    produce(seedExample("change-app", 2));
    Map<String, EligibilityChange> latest = new HashMap<>();
    try (KafkaConsumer<String, EligibilityChange> consumer =
        new KafkaConsumer<>(consumerProps(), new StringDeserializer(),
            Topics.ELIGIBILITY_CHANGES.valueSerde(KAFKA.serdeConfig()).deserializer())) {
      consumer.subscribe(List.of(Topics.ELIGIBILITY_CHANGES.name()));
      // A verdict may be emitted while only part of the calls are counted; the last one counts all.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
        assertThat(latest).containsKey("change-app");
        assertThat(latest.get("change-app").getFailedRules())
            .containsExactly("permissions-exercised", "app-description");
      });
    }
    assertThat(latest.get("change-app").getEligible()).isFalse();
  }

  private static Properties consumerProps() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  private static List<ConsumerRecord<byte[], byte[]>> consumeUntil(
      String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> enough) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return enough.test(records);
      });
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode rule(JsonNode eligibility, String id) {
    for (JsonNode rule : eligibility.get("rules")) {
      if (rule.get("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id + " in " + eligibility);
  }
}
