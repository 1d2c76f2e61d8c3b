package dev.graduation.streams.events;

import dev.graduation.events.ApiCallEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An api-calls record as read: the decoded event and the bytes it came in (Confluent wire
 * format, schema id included). The raw-call store keeps those bytes, so no call is ever encoded
 * again after ingest.
 */
public record ReceivedEvent(ApiCallEvent event, byte[] bytes) {

  /**
   * Reads with {@code events} (errors and all, so an unreadable record still reaches the
   * deserialization exception handler) and keeps the bytes; writes the bytes back unchanged.
   */
  public static Serde<ReceivedEvent> serde(Serde<ApiCallEvent> events) {
    Deserializer<ApiCallEvent> decoder = events.deserializer();
    Serializer<ReceivedEvent> asReceived = (topic, received) -> received == null ? null : received.bytes();
    Deserializer<ReceivedEvent> reading =
        new Deserializer<>() {
          @Override
          public ReceivedEvent deserialize(String topic, byte[] data) {
            return deserialize(topic, null, data);
          }

          @Override
          public ReceivedEvent deserialize(String topic, Headers headers, byte[] data) {
            ApiCallEvent event = decoder.deserialize(topic, headers, data);
            return event == null ? null : new ReceivedEvent(event, data);
          }
        };
    return Serdes.serdeFrom(asReceived, reading);
  }
}
