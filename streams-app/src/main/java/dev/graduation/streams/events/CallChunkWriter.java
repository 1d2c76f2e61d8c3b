package dev.graduation.streams.events;

import dev.graduation.schemas.AvroWireSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.io.Encoder;

/**
 * Writes a chunk of calls as a {@link CallChunk} straight through Avro's encoder, field by field
 * in the schema's order, without making the record first: building a {@link ChunkCall} per call
 * and walking the schema with Avro's datum writer cost more than everything else the raw-call
 * store does per call (BENCHMARKS.md section 1). Read back with the ordinary Avro deserializer,
 * against the writer schema registered here; {@code CallChunkSerdeTest} holds the two together.
 */
final class CallChunkWriter extends AvroWireSerializer<List<ReceivedCall>> {

  /**
   * Up to this many distinct operations in a chunk (the usual case: an app calls a few dozen
   * endpoints), a call's operation is found by comparing with each, newest first: hashing a key
   * per call cost more. Beyond, by hash.
   */
  private static final int LINEAR_SEARCH_LIMIT = 32;

  /** Branches of {@link ChunkCall#getEventId()}'s union: any id as text, or a UUID's 16 bytes. */
  private static final int EVENT_ID_TEXT = 0;
  private static final int EVENT_ID_UUID = 1;

  /** Branches of the schema's {@code ["null", ...]} unions. */
  private static final int NULL = 0;
  private static final int PRESENT = 1;

  CallChunkWriter() {
    super(CallChunk.getClassSchema());
  }

  @Override
  protected void write(List<ReceivedCall> calls, Encoder out) throws IOException {
    int[] operationOf = new int[calls.size()];
    List<ReceivedCall> operations = new ArrayList<>();
    Map<OperationKey, Integer> manyOperations = null;
    long baseTime = Long.MAX_VALUE;
    for (int i = 0; i < calls.size(); i++) {
      ReceivedCall received = calls.get(i);
      baseTime = Math.min(baseTime, received.call().getTimestamp());
      int index =
          manyOperations == null
              ? recentIndexOf(operations, received)
              : manyOperations.getOrDefault(OperationKey.of(received), -1);
      if (index < 0) {
        index = operations.size();
        operations.add(received);
        if (manyOperations != null) {
          manyOperations.put(OperationKey.of(received), index);
        } else if (operations.size() > LINEAR_SEARCH_LIMIT) {
          manyOperations = new HashMap<>();
          for (int j = 0; j < operations.size(); j++) {
            manyOperations.put(OperationKey.of(operations.get(j)), j);
          }
        }
      }
      operationOf[i] = index;
    }

    out.writeArrayStart();
    out.setItemCount(operations.size());
    for (ReceivedCall first : operations) {
      EnrichedCall operation = first.call();
      out.startItem();
      out.writeString(operation.getMethod());
      out.writeString(operation.getEndpoint());
      writeOptional(out, operation.getPermission(), Encoder::writeString);
      out.writeBoolean(operation.getOauth());
      out.writeBoolean(operation.getTokenRequest());
      out.writeString(operation.getEnvironment());
    }
    out.writeArrayEnd();

    out.writeLong(calls.isEmpty() ? 0 : baseTime);

    out.writeArrayStart();
    out.setItemCount(calls.size());
    byte[] uuid = new byte[16];
    for (int i = 0; i < calls.size(); i++) {
      ReceivedCall received = calls.get(i);
      EnrichedCall call = received.call();
      out.startItem();
      if (received.uuidEventId()) {
        EventUuids.toBytes(received.eventIdHigh(), received.eventIdLow(), uuid);
        out.writeIndex(EVENT_ID_UUID);
        out.writeFixed(uuid);
      } else {
        out.writeIndex(EVENT_ID_TEXT);
        out.writeString(call.getEventId());
      }
      out.writeLong(call.getTimestamp() - baseTime);
      out.writeInt(operationOf[i]);
      out.writeInt(call.getStatus());
      writeOptional(out, call.getLatencyMs(), Encoder::writeLong);
    }
    out.writeArrayEnd();
  }

  /** An optional field, {@code ["null", T]}. */
  private static <T> void writeOptional(Encoder out, T value, Field<T> field) throws IOException {
    if (value == null) {
      out.writeIndex(NULL);
      out.writeNull();
    } else {
      out.writeIndex(PRESENT);
      field.write(out, value);
    }
  }

  private interface Field<T> {
    void write(Encoder out, T value) throws IOException;
  }

  /** The index of {@code received}'s operation among {@code operations}; -1 if none. */
  private static int recentIndexOf(List<ReceivedCall> operations, ReceivedCall received) {
    for (int j = operations.size() - 1; j >= 0; j--) {
      if (OperationKey.sameOperation(operations.get(j), received)) {
        return j;
      }
    }
    return -1;
  }

  /** What the calls of one {@link ChunkOperation} share (the endpoint key stands for method and template). */
  private record OperationKey(
      String endpointKey, String permission, boolean oauth, boolean tokenRequest, String environment) {

    static OperationKey of(ReceivedCall received) {
      EnrichedCall call = received.call();
      return new OperationKey(
          received.endpointKey(), call.getPermission(), call.getOauth(), call.getTokenRequest(), call.getEnvironment());
    }

    /** Whether the two calls share an operation; what {@code of(a).equals(of(b))} says, without allocating. */
    static boolean sameOperation(ReceivedCall a, ReceivedCall b) {
      EnrichedCall x = a.call();
      EnrichedCall y = b.call();
      return a.endpointKey().equals(b.endpointKey())
          && Objects.equals(x.getPermission(), y.getPermission())
          && x.getOauth() == y.getOauth()
          && x.getTokenRequest() == y.getTokenRequest()
          && x.getEnvironment().equals(y.getEnvironment());
    }
  }
}
