package dev.graduation.schemas;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.Environment;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.io.BinaryDecoder;

/**
 * Reads an {@link ApiCallEvent} written with exactly the schema it was generated from, field by
 * field in schema order: what Avro generates itself ({@code customDecode}) for records without
 * logical types, which this one has (its timestamps). Every call of the topology is read this way;
 * Avro's resolving reader, which the deserializer uses for any other writer schema, spends about
 * twice as long per event, in per-field indirections. {@code SpecificAvroDeserializerTest} holds
 * the two to the same answers.
 */
final class ApiCallEventReader {

  /** Branches of the schema's {@code ["null", ...]} unions. */
  private static final int NULL = 0;

  private static final Environment[] ENVIRONMENTS = Environment.values();

  private ApiCallEventReader() {}

  static ApiCallEvent read(BinaryDecoder in) throws IOException {
    String eventId = in.readString();
    String appId = in.readString();
    Instant timestamp = Instant.ofEpochMilli(in.readLong());
    String method = in.readString();
    String path = in.readString();
    int status = in.readInt();
    Long latencyMs = in.readIndex() == NULL ? null : in.readLong();
    Environment environment = ENVIRONMENTS[in.readEnum()];
    Instant receivedAt = in.readIndex() == NULL ? null : Instant.ofEpochMilli(in.readLong());
    return new ApiCallEvent(eventId, appId, timestamp, method, path, status, latencyMs, environment, receivedAt);
  }
}
