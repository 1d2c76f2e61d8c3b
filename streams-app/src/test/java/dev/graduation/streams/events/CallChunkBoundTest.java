package dev.graduation.streams.events;

import static dev.graduation.streams.Calls.CALL_LOG_PATH;
import static dev.graduation.streams.Calls.DAY_1;
import static dev.graduation.streams.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.streams.catalog.EndpointCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The raw-call store writes an app hour's calls of one commit in as many chunks as their bytes
 * need ({@link CallChunkSerde#bounded}): each within {@link StoredValueLimit#BYTES} as written,
 * together exactly the calls, in order.
 *
 * <p>Seen failing: with every eventId counted as 16 bytes (a UUID's) instead of measured, a chunk
 * of the hostile calls took 559,913 bytes, over twice the bound, and the exact-bound case split
 * wrongly; with the run's operations left out of the count, one chunk of ten 1,000-character
 * templates came out where the bound allows three each.
 */
class CallChunkBoundTest {

  private static final String CHANGELOG = "graduation-recent-call-digests-changelog";

  private final Serde<List<ReceivedCall>> chunks =
      CallChunkSerde.configured(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + UUID.randomUUID()));
  private final CallEnricher enricher = new CallEnricher(EndpointCatalog.load());

  /**
   * 100,000 calls of one app hour, as one busy commit of issue 21 had: eventIds of every allowed
   * length (1-128 characters, some of them non-ASCII) and canonical UUIDs, catalog endpoints and
   * 2,000-character unknown paths.
   */
  @Test
  void everyRunOfHostileCallsIsWithinTheBoundAndTheyReadBackAsTheCalls() {
    List<ApiCallEvent> sent = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String path = i % 10 == 0 ? "/unknown/" + "p".repeat(2_000) + "/x" + (i % 300) : CALL_LOG_PATH;
      ApiCallEvent event = call("busy", i % 3 == 0 ? "POST" : "GET", path, i % 7 == 0 ? 404 : 200, DAY_1.plusMillis(i * 36L));
      event.setEventId(i % 4 == 0 ? UUID.randomUUID().toString() : eventIdOfLength(1 + i % 128, i));
      event.setLatencyMs(i % 5 == 0 ? null : (long) i);
      sent.add(event);
    }
    List<ReceivedCall> calls = sent.stream().map(enricher::receive).toList();

    List<List<ReceivedCall>> runs = CallChunkSerde.bounded(calls);

    List<EnrichedCall> readBack = new ArrayList<>();
    for (List<ReceivedCall> run : runs) {
      byte[] bytes = chunks.serializer().serialize(CHANGELOG, run);
      assertThat(bytes.length).as("a chunk of %d calls", run.size()).isLessThanOrEqualTo(StoredValueLimit.BYTES);
      chunks.deserializer().deserialize(CHANGELOG, bytes).forEach(received -> readBack.add(received.call()));
    }
    assertThat(readBack).containsExactlyElementsOf(sent.stream().map(enricher::enrich).toList());
    // Filled by bytes, not cut at a guessed count: all but the last run within a few calls of the bound.
    for (List<ReceivedCall> run : runs.subList(0, runs.size() - 1)) {
      assertThat(chunks.serializer().serialize(CHANGELOG, run).length)
          .isGreaterThan(StoredValueLimit.BYTES - 3 * 2_100);
    }
    assertThat(runs).hasSizeGreaterThan(10);
  }

  /** Calls within 64 ms (offsets of one byte), where the count is exact: a bound of exactly their size takes them all. */
  @Test
  void callsOfExactlyTheBoundAreOneChunkAndOfOneByteMoreTwo() {
    List<ReceivedCall> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ApiCallEvent event = call("busy", "GET", i % 2 == 0 ? CALL_LOG_PATH : "/restapi/v9/thing-" + i, 200, DAY_1.plusMillis(i));
      event.setEventId(eventIdOfLength(1 + i * 3, i));
      calls.add(enricher.receive(event));
    }
    int size = chunks.serializer().serialize(CHANGELOG, calls).length;

    assertThat(CallChunkWriter.bounded(calls, size)).containsExactly(calls);
    List<List<ReceivedCall>> split = CallChunkWriter.bounded(calls, size - 1);
    assertThat(split).containsExactly(calls.subList(0, 39), calls.subList(39, 40));
    assertThat(chunks.serializer().serialize(CHANGELOG, split.get(0)).length).isLessThanOrEqualTo(size - 1);
  }

  /** A new operation costs its method, template, permission and environment once per chunk. */
  @Test
  void aRunIsCutWhereItsOperationsWouldTakeItPastTheBound() {
    List<ReceivedCall> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(enricher.receive(call("busy", "GET", "/unknown/" + "q".repeat(1_000) + "/t" + i, 200, DAY_1)));
    }
    int maxBytes = 3_500;

    List<List<ReceivedCall>> runs = CallChunkWriter.bounded(calls, maxBytes);

    assertThat(runs).hasSizeGreaterThan(3);
    for (List<ReceivedCall> run : runs) {
      assertThat(chunks.serializer().serialize(CHANGELOG, run).length).isLessThanOrEqualTo(maxBytes);
    }
    assertThat(runs.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(calls);
  }

  @Test
  void aSingleCallIsOneChunkEvenOverTheBoundAndNoCallsAreOneEmptyChunk() {
    List<ReceivedCall> one = List.of(enricher.receive(call("busy", "GET", CALL_LOG_PATH, 200, DAY_1)));

    assertThat(CallChunkWriter.bounded(one, 10)).containsExactly(one);
    assertThat(CallChunkSerde.bounded(one)).containsExactly(one);
    assertThat(CallChunkSerde.bounded(List.of())).containsExactly(List.of());
  }

  /** An eventId of {@code length} characters, unique by {@code i}, with a non-ASCII character in every third. */
  private static String eventIdOfLength(int length, int i) {
    String unique = (i % 3 == 0 ? "\u00e9" : "") + i;
    return unique.length() >= length ? unique.substring(unique.length() - length) : "-".repeat(length - unique.length()) + unique;
  }
}
