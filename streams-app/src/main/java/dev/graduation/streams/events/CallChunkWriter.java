package dev.graduation.streams.events;

import dev.graduation.schemas.AvroWireSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Encoder;

/**
 * Writes a chunk of calls as a {@link CallChunk} straight through Avro's encoder, field by field
 * in the schema's order, without making the record first: building a {@link ChunkCall} per call
 * and walking the schema with Avro's datum writer cost more than everything else the raw-call
 * store does per call (BENCHMARKS.md section 1). Read back with the ordinary Avro deserializer,
 * against the writer schema registered here; {@code CallChunkSerdeTest} holds the two together.
 */
final class CallChunkWriter extends AvroWireSerializer<List<ReceivedCall>> {

  /** Branches of the schema's {@code ["null", ...]} unions. */
  private static final int NULL = 0;
  private static final int PRESENT = 1;

  CallChunkWriter() {
    super(CallChunk.getClassSchema());
  }

  @Override
  protected void write(List<ReceivedCall> calls, Encoder out) throws IOException {
    int[] operationOf = new int[calls.size()];
    List<EnrichedCall> operations = new ArrayList<>();
    Map<OperationKey, Integer> indexes = new HashMap<>();
    long baseTime = Long.MAX_VALUE;
    for (int i = 0; i < calls.size(); i++) {
      ReceivedCall received = calls.get(i);
      EnrichedCall call = received.call();
      baseTime = Math.min(baseTime, call.getTimestamp());
      OperationKey key =
          new OperationKey(
              received.endpointKey(), call.getPermission(), call.getOauth(), call.getTokenRequest(), call.getEnvironment());
      Integer index = indexes.get(key);
      if (index == null) {
        index = operations.size();
        indexes.put(key, index);
        operations.add(call);
      }
      operationOf[i] = index;
    }

    out.writeArrayStart();
    out.setItemCount(operations.size());
    for (EnrichedCall operation : operations) {
      out.startItem();
      out.writeString(operation.getMethod());
      out.writeString(operation.getEndpoint());
      writeOptional(out, operation.getPermission());
      out.writeBoolean(operation.getOauth());
      out.writeBoolean(operation.getTokenRequest());
      out.writeString(operation.getEnvironment());
    }
    out.writeArrayEnd();

    out.writeLong(calls.isEmpty() ? 0 : baseTime);

    out.writeArrayStart();
    out.setItemCount(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      EnrichedCall call = calls.get(i).call();
      out.startItem();
      out.writeString(call.getEventId());
      out.writeLong(call.getTimestamp() - baseTime);
      out.writeInt(operationOf[i]);
      out.writeInt(call.getStatus());
      Long latency = call.getLatencyMs();
      if (latency == null) {
        out.writeIndex(NULL);
        out.writeNull();
      } else {
        out.writeIndex(PRESENT);
        out.writeLong(latency);
      }
    }
    out.writeArrayEnd();
  }

  private static void writeOptional(Encoder out, String value) throws IOException {
    if (value == null) {
      out.writeIndex(NULL);
      out.writeNull();
    } else {
      out.writeIndex(PRESENT);
      out.writeString(value);
    }
  }

  /**
   * What the calls of one {@link ChunkOperation} share. The endpoint key stands for method and
   * template: for catalog operations it is one shared string, so hashing it is free.
   */
  private record OperationKey(
      String endpointKey, String permission, boolean oauth, boolean tokenRequest, String environment) {}
}
