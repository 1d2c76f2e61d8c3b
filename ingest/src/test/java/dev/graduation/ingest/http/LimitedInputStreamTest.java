package dev.graduation.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  @Test
  void aBodyOfExactlyTheLimitIsReadWhole() throws Exception {
    InputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100);

    assertThat(in.readAllBytes()).hasSize(100);
  }

  @Test
  void oneByteMoreFails() {
    InputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(BodyTooLargeException.class)
        .hasMessage("request body larger than 100 bytes");
  }

  @Test
  void singleByteReadsCountToo() throws Exception {
    InputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[3]), 2);

    assertThat(in.read()).isZero();
    assertThat(in.read()).isZero();
    assertThatThrownBy(in::read).isInstanceOf(BodyTooLargeException.class);
  }
}
