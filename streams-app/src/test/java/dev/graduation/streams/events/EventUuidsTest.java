package dev.graduation.streams.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventUuidsTest {

  @Test
  void canonicalLowerCaseUuidsBecomeTheirBitsAndBytesAndBack() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 10_000; i++) {
      UUID uuid = new UUID(random.nextLong(), random.nextLong());
      String text = uuid.toString(); // the JDK's canonical form: the independent reference

      long[] bits = EventUuids.bits(text);
      assertThat(bits).containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
      EventUuids.toBytes(bits[0], bits[1], bytes);
      ByteBuffer expected = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      assertThat(bytes).isEqualTo(expected.array());
      assertThat(EventUuids.bits(bytes)).containsExactly(bits);
      assertThat(EventUuids.toText(bits)).isEqualTo(text);
    }
  }

  @Test
  void anyOtherIdStaysText() {
    assertThat(EventUuids.bits("3F2504E0-4F89-11D3-9A0C-0305E82C3301")).as("upper case").isNull();
    assertThat(EventUuids.bits("3f2504e04f8911d39a0c0305e82c3301")).as("no dashes").isNull();
    assertThat(EventUuids.bits("3f2504e0-4f89-11d3-9a0c-0305e82c330")).as("35 characters").isNull();
    assertThat(EventUuids.bits("3f2504e0-4f89-11d3-9a0c-0305e82c33011")).as("37 characters").isNull();
    assertThat(EventUuids.bits("3f2504e04-f89-11d3-9a0c-0305e82c3301")).as("dash moved").isNull();
    assertThat(EventUuids.bits("3f2504e0-4f89-11d3-9a0c-0305e82c330g")).as("not hex").isNull();
    assertThat(EventUuids.bits("3f2504e0-4f89-11d3-9a0c+0305e82c3301")).as("not a dash").isNull();
    assertThat(EventUuids.bits("e-1")).isNull();
    assertThat(EventUuids.bits("")).isNull();
  }

  @Test
  void aReceivedCallCarriesTheBitsOfACanonicalUuidOnly() {
    UUID uuid = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    ReceivedCall canonical = new ReceivedCall(call(uuid.toString()), "GET /x");
    assertThat(canonical.uuidEventId()).isTrue();
    assertThat(canonical.eventIdHigh()).isEqualTo(uuid.getMostSignificantBits());
    assertThat(canonical.eventIdLow()).isEqualTo(uuid.getLeastSignificantBits());

    assertThat(new ReceivedCall(call(uuid.toString().toUpperCase()), "GET /x").uuidEventId()).isFalse();
    assertThat(new ReceivedCall(call("e-1"), "GET /x").uuidEventId()).isFalse();
  }

  static EnrichedCall call(String eventId) {
    return new EnrichedCall(eventId, 0L, "GET", "/x", null, false, false, 200, null, "SANDBOX");
  }
}
