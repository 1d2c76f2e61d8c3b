package dev.graduation.streams.events;

import dev.graduation.schemas.AvroWireSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.Encoder;

/**
 * Writes a chunk of calls as a {@link CallChunk} straight through Avro's encoder, field by field
 * in the schema's order, without making the record first: building a {@link ChunkCall} per call
 * and walking the schema with Avro's datum writer cost more than everything else the raw-call
 * store does per call (BENCHMARKS.md section 1). Read back with the ordinary Avro deserializer,
 * against the writer schema registered here; {@code CallChunkSerdeTest} holds the two together.
 */
final class CallChunkWriter extends AvroWireSerializer<List<ReceivedCall>> {

  /** Branches of {@link ChunkCall#getEventId()}'s union: any id as text, or a UUID's 16 bytes. */
  private static final int EVENT_ID_TEXT = 0;
  private static final int EVENT_ID_UUID = 1;

  /** Branches of the schema's {@code ["null", ...]} unions. */
  private static final int NULL = 0;
  private static final int PRESENT = 1;

  /** The wire format's magic byte and schema id, before the chunk. */
  private static final int WIRE_HEADER_BYTES = 5;

  /** The longest varint: a long. */
  private static final int MAX_NUMBER_BYTES = 10;

  CallChunkWriter() {
    super(CallChunk.getClassSchema());
  }

  /**
   * {@code calls} in consecutive runs, in order, each of which this writer writes in at most
   * {@code maxBytes}: the bytes are counted as the encoding will take them (each distinct
   * operation once per run, each call's eventId as UUID bytes or UTF-8 text, its numbers as
   * varints), so a run holds as many calls as fit whatever their eventIds. The one list itself
   * when it fits (the usual case); a run of one call may be larger than {@code maxBytes} only if
   * that call alone is (it never is below a few KiB: an eventId takes up to 128 characters, an
   * endpoint template about 6,000 bytes).
   */
  static List<List<ReceivedCall>> bounded(List<ReceivedCall> calls, int maxBytes) {
    if (mostBytes(calls) <= maxBytes) {
      return List.of(calls);
    }
    List<List<ReceivedCall>> runs = new ArrayList<>(1);
    int from = 0;
    RunSize size = new RunSize();
    for (int i = 0; i < calls.size(); i++) {
      ReceivedCall received = calls.get(i);
      if (size.tryAdd(received, maxBytes)) {
        continue;
      }
      if (i > from) {
        runs.add(calls.subList(from, i));
        from = i;
      }
      size = new RunSize();
      size.tryAdd(received, Integer.MAX_VALUE);
    }
    runs.add(from == 0 ? calls : calls.subList(from, calls.size()));
    return runs;
  }

  /**
   * More bytes than {@link #write} can take for {@code calls}, from string lengths alone: every
   * call counted with its own operation, a char as at most 3 bytes of UTF-8, a number as 10. Most
   * chunks hold the few calls of one app-hour and commit; measuring them exactly was 4 % of the
   * stream threads at 10,000 apps.
   */
  private static long mostBytes(List<ReceivedCall> calls) {
    long bytes = WIRE_HEADER_BYTES + 4L * MAX_NUMBER_BYTES;
    for (ReceivedCall received : calls) {
      EnrichedCall call = received.call();
      String permission = call.getPermission();
      long chars = (long) call.getMethod().length() + call.getEndpoint().length() + call.getEnvironment().length()
          + (permission == null ? 0 : permission.length()) + (received.uuidEventId() ? 0 : call.getEventId().length());
      bytes += 3 * chars + 16 + 12L * MAX_NUMBER_BYTES;
    }
    return bytes;
  }

  @Override
  protected void write(List<ReceivedCall> calls, Encoder out) throws IOException {
    int[] operationOf = new int[calls.size()];
    ChunkOperations operations = new ChunkOperations();
    long baseTime = Long.MAX_VALUE;
    for (int i = 0; i < calls.size(); i++) {
      ReceivedCall received = calls.get(i);
      baseTime = Math.min(baseTime, received.call().getTimestamp());
      operationOf[i] = operations.indexOf(received);
    }

    out.writeArrayStart();
    out.setItemCount(operations.size());
    for (ReceivedCall first : operations.firsts()) {
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

  /**
   * The bytes {@link #write} takes for a run of calls, as they are added: exact but for the time
   * offsets, each counted at the size of the run's whole time span (the base time is the run's
   * earliest call, known only at its end), so exact while the span is under 64 ms, and at most
   * 3 bytes a call over within an hour.
   */
  private static final class RunSize {
    private final ChunkOperations operations = new ChunkOperations();
    private long operationBytes;
    private long callBytes;
    private int calls;
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;
    private int offsetBytes;

    /** Adds the call if the run stays within {@code maxBytes}; whether it did. */
    boolean tryAdd(ReceivedCall received, int maxBytes) {
      EnrichedCall call = received.call();
      int known = operations.size();
      int operation = operations.indexOf(received);
      long newOperationBytes = operationBytes + (operations.size() > known ? operationBytes(call) : 0);
      long time = call.getTimestamp();
      long newEarliest = Math.min(earliest, time);
      long newLatest = Math.max(latest, time);
      int newOffsetBytes = EncodedSizes.ofLong(newLatest - newEarliest);
      long newCallBytes = callBytes + callBytes(received, operation) - (long) offsetBytes * calls
          + (long) newOffsetBytes * (calls + 1);
      long total = WIRE_HEADER_BYTES
          + EncodedSizes.ofLong(operations.size()) + newOperationBytes + 1
          + EncodedSizes.ofLong(newEarliest)
          + EncodedSizes.ofLong(calls + 1) + newCallBytes + 1;
      if (total > maxBytes) {
        return false; // the operation added stays: the run ends here, and the next starts afresh
      }
      operationBytes = newOperationBytes;
      callBytes = newCallBytes;
      calls++;
      earliest = newEarliest;
      latest = newLatest;
      offsetBytes = newOffsetBytes;
      return true;
    }

    /** A call without its time offset. */
    private static int callBytes(ReceivedCall received, int operation) {
      EnrichedCall call = received.call();
      int eventId = received.uuidEventId() ? 16 : EncodedSizes.ofString(call.getEventId());
      Long latency = call.getLatencyMs();
      return 1 + eventId
          + EncodedSizes.ofLong(operation)
          + EncodedSizes.ofLong(call.getStatus())
          + 1 + (latency == null ? 0 : EncodedSizes.ofLong(latency));
    }

    private static int operationBytes(EnrichedCall operation) {
      String permission = operation.getPermission();
      return EncodedSizes.ofString(operation.getMethod())
          + EncodedSizes.ofString(operation.getEndpoint())
          + 1 + (permission == null ? 0 : EncodedSizes.ofString(permission))
          + 2
          + EncodedSizes.ofString(operation.getEnvironment());
    }
  }
}
