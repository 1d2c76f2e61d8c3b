package dev.graduation.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 api-call events through the real broker and registry, back exactly as they were sent. */
@Tag("integration")
class ApiCallsRoundTripIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  private static final int COUNT = 10_000;

  @Test
  void everyEventProducedIsConsumedOnceAndUnchanged() throws Exception {
    List<ApiCallEvent> sent = TestEvents.apiCalls(42L, COUNT, 50);

    TestRecords.produce(
        KAFKA.bootstrapServers(), Topics.API_CALLS, KAFKA.serdeConfig(), sent, ApiCallEvent::getAppId);
    List<ConsumerRecord<String, ApiCallEvent>> received =
        TestRecords.readAll(KAFKA.bootstrapServers(), Topics.API_CALLS, KAFKA.serdeConfig(), COUNT);

    assertThat(TestRecords.endOffsetSum(KAFKA.bootstrapServers(), Topics.API_CALLS)).isEqualTo(COUNT);
    assertThat(received).hasSize(COUNT);
    assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getAppId()));
    Map<String, ApiCallEvent> receivedById =
        received.stream()
            .map(ConsumerRecord::value)
            .collect(Collectors.toMap(ApiCallEvent::getEventId, Function.identity()));
    Map<String, ApiCallEvent> sentById = new HashMap<>();
    sent.forEach(e -> sentById.put(e.getEventId(), e));
    assertThat(receivedById).hasSize(COUNT).isEqualTo(sentById);
    // Keyed by appId: each app's events sit in one partition, in the order they were sent.
    Map<String, List<String>> sentOrderByApp =
        sent.stream()
            .collect(
                Collectors.groupingBy(
                    ApiCallEvent::getAppId,
                    Collectors.mapping(ApiCallEvent::getEventId, Collectors.toList())));
    Map<String, List<String>> receivedOrderByApp =
        received.stream()
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    Collectors.mapping(r -> r.value().getEventId(), Collectors.toList())));
    assertThat(receivedOrderByApp).hasSize(50).isEqualTo(sentOrderByApp);
    assertThat(
            received.stream()
                .collect(
                    Collectors.groupingBy(
                        ConsumerRecord::key,
                        Collectors.mapping(ConsumerRecord::partition, Collectors.toSet()))))
        .allSatisfy((app, partitionsOfApp) -> assertThat(partitionsOfApp).hasSize(1));
  }
}
