package dev.graduation.streams.events;

import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_1;
import static dev.graduation.streams.Calls.call;
import static dev.graduation.streams.Calls.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.SpecificAvroSerde;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.catalog.EndpointCatalog;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class CallChunkSerdeTest {

  private static final String CHANGELOG = "graduation-recent-call-chunks-changelog";

  private final Map<String, Object> registry =
      Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID());
  private final Serde<ApiCallEvent> events = Topics.API_CALLS.valueSerde(registry);
  private final CallEnricher enricher = new CallEnricher(EndpointCatalog.load());
  private final Serde<List<ReceivedCall>> chunks =
      CallChunkSerde.of(SpecificAvroSerde.configured(CallChunk.getClassSchema(), registry, false), events, enricher);

  @Test
  void storesTheRecordsAsReceivedAndReadsThemBackEnriched() {
    ApiCallEvent callLog = call("app-1", "GET", CALL_LOG_PATH, 429, DAY_1.plusSeconds(5));
    ApiCallEvent token = tokenRequest("app-1", DAY_1.plusSeconds(9));
    ReceivedCall first = received(callLog);
    ReceivedCall second = received(token);

    byte[] stored = chunks.serializer().serialize(CHANGELOG, List.of(first, second));
    List<ReceivedCall> read = chunks.deserializer().deserialize(CHANGELOG, stored);

    assertThat(read).hasSize(2);
    assertThat(read.get(0).call()).isEqualTo(enricher.enrich(callLog));
    assertThat(read.get(0).endpointKey())
        .isEqualTo("GET /restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log");
    assertThat(read.get(0).received()).isEqualTo(first.received());
    assertThat(read.get(1).call()).isEqualTo(enricher.enrich(token));
    assertThat(read.get(1).endpointKey()).isEqualTo("POST /restapi/oauth/token");
    assertThat(read.get(1).received()).isEqualTo(second.received());
    // Not encoded again: each record's bytes lie in the chunk as they were received.
    assertThat(indexOf(stored, first.received())).isPositive();
    assertThat(indexOf(stored, second.received())).isGreaterThan(indexOf(stored, first.received()));
  }

  @Test
  void anEmptyChunkAndNullRoundTrip() {
    assertThat(chunks.deserializer().deserialize(CHANGELOG, chunks.serializer().serialize(CHANGELOG, List.of())))
        .isEmpty();
    assertThat(chunks.serializer().serialize(CHANGELOG, null)).isNull();
    assertThat(chunks.deserializer().deserialize(CHANGELOG, null)).isNull();
  }

  private ReceivedCall received(ApiCallEvent event) {
    byte[] bytes = events.serializer().serialize(Topics.API_CALLS.name(), event);
    return enricher.receive(ReceivedEvent.serde(events).deserializer().deserialize(Topics.API_CALLS.name(), bytes));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
