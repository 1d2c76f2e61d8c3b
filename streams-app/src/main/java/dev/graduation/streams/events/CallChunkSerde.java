package dev.graduation.streams.events;

import dev.graduation.schemas.SpecificAvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The raw-call store's values: in memory, a chunk of {@link ReceivedCall}s; stored, a {@link
 * CallChunk}: each distinct operation once, then per call its eventId (a UUID as its 16 bytes),
 * time offset, operation index, status and latency ({@link CallChunkWriter}).
 *
 * <p>Why not the records as received: the raw-call store's changelog carried as many bytes as
 * api-calls itself, through RocksDB, compression and the broker once more. The enrichment is
 * stored as made, so a stored call reads back exactly as it was counted.
 */
public final class CallChunkSerde {

  private CallChunkSerde() {}

  /** A serde configured with {@code serdeConfig} (schema registry settings). */
  public static Serde<List<ReceivedCall>> configured(Map<String, ?> serdeConfig) {
    CallChunkWriter writer = new CallChunkWriter();
    writer.configure(serdeConfig, false);
    Deserializer<CallChunk> chunkReader = SpecificAvroSerde.<CallChunk>configured(CallChunk.getClassSchema(), serdeConfig, false).deserializer();
    Deserializer<List<ReceivedCall>> reading =
        (topic, data) -> {
          CallChunk chunk = chunkReader.deserialize(topic, data);
          return chunk == null ? null : calls(chunk);
        };
    return Serdes.serdeFrom(writer, reading);
  }

  /**
   * {@code calls} as the chunks to store: consecutive runs, in order, each written in at most
   * {@link StoredValueLimit#BYTES} (measured as the writer will encode them), so that no changelog
   * record depends on how many calls one app makes between two commits. Usually the one list.
   */
  public static List<List<ReceivedCall>> bounded(List<ReceivedCall> calls) {
    return CallChunkWriter.bounded(calls, StoredValueLimit.BYTES);
  }

  static List<ReceivedCall> calls(CallChunk chunk) {
    List<ChunkOperation> operations = chunk.getOperations();
    List<String> endpointKeys = new ArrayList<>(operations.size());
    operations.forEach(operation -> endpointKeys.add(ActivityBuckets.endpointKey(operation.getMethod(), operation.getEndpoint())));
    List<ReceivedCall> calls = new ArrayList<>(chunk.getCalls().size());
    for (ChunkCall digest : chunk.getCalls()) {
      ChunkOperation operation = operations.get(digest.getOperation());
      long[] uuidBits = digest.getEventId() instanceof EventUuid uuid ? EventUuids.bits(uuid.bytes()) : null;
      EnrichedCall call =
          new EnrichedCall(
              uuidBits != null ? EventUuids.toText(uuidBits) : digest.getEventId().toString(),
              chunk.getBaseTime() + digest.getTimeOffset(),
              operation.getMethod(),
              operation.getEndpoint(),
              operation.getPermission(),
              operation.getOauth(),
              operation.getTokenRequest(),
              digest.getStatus(),
              digest.getLatencyMs(),
              operation.getEnvironment());
      calls.add(new ReceivedCall(call, endpointKeys.get(digest.getOperation()), uuidBits));
    }
    return calls;
  }
}
