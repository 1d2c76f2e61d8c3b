package dev.graduation.streams.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventUuidsTest {

  @Test
  void canonicalLowerCaseUuidsBecomeTheirSixteenBytesAndBack() {
    SplittableRandom random = new SplittableRandom(7);
    byte[] bytes = new byte[16];
    for (int i = 0; i < 10_000; i++) {
      UUID uuid = new UUID(random.nextLong(), random.nextLong());
      String text = uuid.toString(); // the JDK's canonical form: the independent reference

      assertThat(EventUuids.toBytes(text, bytes)).isTrue();
      ByteBuffer expected = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      assertThat(bytes).isEqualTo(expected.array());
      assertThat(EventUuids.toText(bytes)).isEqualTo(text);
    }
  }

  @Test
  void anyOtherIdStaysText() {
    byte[] bytes = new byte[16];
    assertThat(EventUuids.toBytes("3F2504E0-4F89-11D3-9A0C-0305E82C3301", bytes)).as("upper case").isFalse();
    assertThat(EventUuids.toBytes("3f2504e04f8911d39a0c0305e82c3301", bytes)).as("no dashes").isFalse();
    assertThat(EventUuids.toBytes("3f2504e0-4f89-11d3-9a0c-0305e82c330", bytes)).as("35 characters").isFalse();
    assertThat(EventUuids.toBytes("3f2504e0-4f89-11d3-9a0c-0305e82c33011", bytes)).as("37 characters").isFalse();
    assertThat(EventUuids.toBytes("3f2504e04-f89-11d3-9a0c-0305e82c3301", bytes)).as("dash moved").isFalse();
    assertThat(EventUuids.toBytes("3f2504e0-4f89-11d3-9a0c-0305e82c330g", bytes)).as("not hex").isFalse();
    assertThat(EventUuids.toBytes("e-1", bytes)).isFalse();
    assertThat(EventUuids.toBytes("", bytes)).isFalse();
  }
}
