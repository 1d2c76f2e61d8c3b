package dev.graduation.streams.events;

import dev.graduation.events.ApiCallEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The raw-call store's values: in memory, a chunk of {@link ReceivedCall}s; stored, a {@link
 * CallChunk} of the records as received. Writing copies bytes only; reading decodes each record
 * with the schema it was written with and enriches it with today's catalog, as the topology did.
 */
public final class CallChunkSerde {

  private CallChunkSerde() {}

  /**
   * @param chunks the Avro serde of {@link CallChunk}
   * @param events the api-calls value serde
   */
  public static Serde<List<ReceivedCall>> of(Serde<CallChunk> chunks, Serde<ApiCallEvent> events, CallEnricher enricher) {
    Serializer<CallChunk> chunkWriter = chunks.serializer();
    Deserializer<CallChunk> chunkReader = chunks.deserializer();
    Deserializer<ApiCallEvent> eventReader = events.deserializer();
    Serializer<List<ReceivedCall>> writing =
        (topic, calls) -> {
          if (calls == null) {
            return null;
          }
          List<ByteBuffer> received = new ArrayList<>(calls.size());
          calls.forEach(call -> received.add(ByteBuffer.wrap(call.received())));
          return chunkWriter.serialize(topic, new CallChunk(received));
        };
    Deserializer<List<ReceivedCall>> reading =
        (topic, data) -> {
          CallChunk chunk = chunkReader.deserialize(topic, data);
          if (chunk == null) {
            return null;
          }
          List<ReceivedCall> calls = new ArrayList<>(chunk.getEvents().size());
          for (ByteBuffer buffer : chunk.getEvents()) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            calls.add(enricher.receive(new ReceivedEvent(eventReader.deserialize(topic, bytes), bytes)));
          }
          return calls;
        };
    return Serdes.serdeFrom(writing, reading);
  }
}
