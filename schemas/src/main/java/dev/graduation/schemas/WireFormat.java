package dev.graduation.schemas;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent Schema Registry wire format: magic byte 0, the schema id as a big-endian int32,
 * then the Avro binary encoding of the value.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Reads the header of {@code payload} and returns the schema id; the buffer is left at the body. */
  public static int readSchemaId(ByteBuffer payload) {
    if (payload.remaining() < HEADER_SIZE) {
      throw new SerializationException(
          "Not in schema-registry wire format: "
              + payload.remaining()
              + " bytes, need at least "
              + HEADER_SIZE);
    }
    byte magic = payload.get();
    if (magic != MAGIC_BYTE) {
      throw new SerializationException(
          "Unknown magic byte " + magic + ": not in schema-registry wire format (expected 0)");
    }
    return payload.getInt();
  }

  /** The subject that the TopicNameStrategy gives to a topic's keys or values. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
