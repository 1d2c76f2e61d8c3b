package dev.graduation.streams.events;

import static dev.graduation.streams.Calls.CALL_LOG;
import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_1;
import static dev.graduation.streams.Calls.call;
import static dev.graduation.streams.Calls.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.SpecificAvroSerde;
import dev.graduation.streams.catalog.EndpointCatalog;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class CallChunkSerdeTest {

  private static final String CHANGELOG = "graduation-recent-call-digests-changelog";

  private final Map<String, Object> registry =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID());
  private final CallEnricher enricher = new CallEnricher(EndpointCatalog.load());
  private final Serde<CallChunk> stored = SpecificAvroSerde.configured(CallChunk.getClassSchema(), registry, false);
  private final Serde<List<ReceivedCall>> chunks = CallChunkSerde.configured(registry);

  @Test
  void readsBackEveryCallExactlyAsItWasCounted() {
    ApiCallEvent throttled = call("app-1", "GET", CALL_LOG_PATH, 429, DAY_1.plusSeconds(5));
    ApiCallEvent token = tokenRequest("app-1", DAY_1.plusSeconds(9));
    ApiCallEvent unmatched = call("app-1", "DELETE", "/restapi/v9/widgets/123/", 404, DAY_1.plusMillis(1));
    ApiCallEvent production = ApiCallEvent.newBuilder(call("app-1", "GET", CALL_LOG_PATH, 200, DAY_1.plusSeconds(7)))
        .setEnvironment(Environment.production)
        .setLatencyMs(null)
        .build();
    ApiCallEvent uuid = ApiCallEvent.newBuilder(call("app-1", "GET", CALL_LOG_PATH, 200, DAY_1.plusSeconds(8)))
        .setEventId("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
        .build();
    ApiCallEvent upperCaseUuid = ApiCallEvent.newBuilder(uuid).setEventId("3F2504E0-4F89-11D3-9A0C-0305E82C3301").build();
    List<ApiCallEvent> sent = List.of(throttled, token, unmatched, production, uuid, upperCaseUuid);

    List<ReceivedCall> received = sent.stream().map(enricher::receive).toList();
    List<ReceivedCall> read = roundTrip(received);

    assertThat(read).extracting(ReceivedCall::call).containsExactlyElementsOf(sent.stream().map(enricher::enrich).toList());
    // What dedup compares after a restore: the bits read back are the bits parsed on arrival.
    assertThat(read)
        .extracting(ReceivedCall::uuidEventId, ReceivedCall::eventIdHigh, ReceivedCall::eventIdLow)
        .containsExactlyElementsOf(received.stream()
            .map(call -> tuple(call.uuidEventId(), call.eventIdHigh(), call.eventIdLow()))
            .toList());
    assertThat(read.get(4).eventIdHigh()).isEqualTo(0x3f2504e04f8911d3L);
    assertThat(read.get(4).eventIdLow()).isEqualTo(0x9a0c0305e82c3301L);
    assertThat(read.get(5).uuidEventId()).as("upper case: text").isFalse();
    assertThat(read)
        .extracting(ReceivedCall::endpointKey)
        .containsExactly(
            "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log",
            "POST /restapi/oauth/token",
            "DELETE /restapi/v9/widgets/{id}",
            "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log",
            "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log",
            "GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log");
  }

  @Test
  void storesEachOperationOncePerChunkAndTimesAsOffsets() {
    ApiCallEvent first = call("app-1", "GET", CALL_LOG_PATH, 200, DAY_1.plusSeconds(30));
    ApiCallEvent token = tokenRequest("app-1", DAY_1.plusSeconds(10));
    ApiCallEvent second = call("app-1", "GET", CALL_LOG_PATH, 500, DAY_1.plusSeconds(40));
    List<ReceivedCall> calls = List.of(first, token, second).stream().map(enricher::receive).toList();

    CallChunk chunk =
        stored.deserializer().deserialize(CHANGELOG, chunks.serializer().serialize(CHANGELOG, calls));

    assertThat(chunk.getOperations()).extracting(ChunkOperation::getEndpoint)
        .containsExactly("/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log", "/restapi/oauth/token");
    assertThat(chunk.getBaseTime()).isEqualTo(DAY_1.plusSeconds(10).toEpochMilli());
    assertThat(chunk.getCalls()).extracting(ChunkCall::getOperation).containsExactly(0, 1, 0);
    assertThat(chunk.getCalls()).extracting(ChunkCall::getTimeOffset).containsExactly(20_000L, 0L, 30_000L);
    assertThat(chunk.getCalls()).extracting(ChunkCall::getEventId)
        .containsExactly(first.getEventId(), token.getEventId(), second.getEventId());
  }

  @Test
  void writesExactlyTheBytesAvrosOwnWriterWritesForTheSameChunk() {
    String uuid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    ApiCallEvent first =
        ApiCallEvent.newBuilder(call("app-1", "GET", CALL_LOG_PATH, 200, DAY_1.plusSeconds(30))).setEventId(uuid).build();
    ApiCallEvent unmatched = ApiCallEvent.newBuilder(call("app-1", "PUT", "/restapi/v9/\u00e9t\u00e9/7", 503, DAY_1))
        .setLatencyMs(null)
        .setEnvironment(Environment.production)
        .build();
    ApiCallEvent token = tokenRequest("app-1", DAY_1.plusSeconds(10));
    ApiCallEvent revoke = call("app-1", "POST", "/restapi/oauth/revoke", 200, DAY_1.plusSeconds(11));
    List<ReceivedCall> calls = List.of(first, unmatched, token, revoke).stream().map(enricher::receive).toList();
    CallChunk expected =
        new CallChunk(
            List.of(
                new ChunkOperation("GET", CALL_LOG, "ReadCallLog", false, false, "sandbox"),
                new ChunkOperation("PUT", "/restapi/v9/\u00e9t\u00e9/{id}", null, false, false, "production"),
                new ChunkOperation("POST", "/restapi/oauth/token", null, true, true, "sandbox"),
                new ChunkOperation("POST", "/restapi/oauth/revoke", null, true, false, "sandbox")),
            DAY_1.toEpochMilli(),
            List.of(
                new ChunkCall(
                    new EventUuid(new byte[] {0x3f, 0x25, 0x04, (byte) 0xe0, 0x4f, (byte) 0x89, 0x11, (byte) 0xd3,
                        (byte) 0x9a, 0x0c, 0x03, 0x05, (byte) 0xe8, 0x2c, 0x33, 0x01}),
                    30_000L, 0, 200, 20L),
                new ChunkCall(unmatched.getEventId(), 0L, 1, 503, null),
                new ChunkCall(token.getEventId(), 10_000L, 2, 200, 20L),
                new ChunkCall(revoke.getEventId(), 11_000L, 3, 200, 20L)));

    assertThat(chunks.serializer().serialize(CHANGELOG, calls))
        .isEqualTo(stored.serializer().serialize(CHANGELOG, expected));
  }

  /** Beyond a few dozen operations a chunk finds them by hash instead of comparing with each. */
  @Test
  void aChunkOfManyDistinctOperationsStoresEachOnce() {
    List<ApiCallEvent> sent = new java.util.ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 50; i++) {
        sent.add(call("app-1", "GET", "/restapi/v9/thing-" + i + "/7", 200, DAY_1.plusSeconds(round * 100 + i)));
      }
    }

    byte[] bytes = chunks.serializer().serialize(CHANGELOG, sent.stream().map(enricher::receive).toList());

    CallChunk chunk = stored.deserializer().deserialize(CHANGELOG, bytes);
    assertThat(chunk.getOperations()).hasSize(50);
    assertThat(chunk.getCalls()).extracting(ChunkCall::getOperation)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100).map(i -> i % 50).boxed().toList());
    assertThat(chunks.deserializer().deserialize(CHANGELOG, bytes)).extracting(ReceivedCall::call)
        .containsExactlyElementsOf(sent.stream().map(enricher::enrich).toList());
  }

  @Test
  void anEmptyChunkAndNullRoundTrip() {
    assertThat(roundTrip(List.of())).isEmpty();
    assertThat(chunks.serializer().serialize(CHANGELOG, null)).isNull();
    assertThat(chunks.deserializer().deserialize(CHANGELOG, null)).isNull();
  }

  private List<ReceivedCall> roundTrip(List<ReceivedCall> calls) {
    return chunks.deserializer().deserialize(CHANGELOG, chunks.serializer().serialize(CHANGELOG, calls));
  }
}
