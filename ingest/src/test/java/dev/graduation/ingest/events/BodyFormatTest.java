package dev.graduation.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyFormatTest {

  @Test
  void ndjsonOnlyWhenTheContentTypeSaysSo() {
    assertThat(BodyFormat.fromContentType("application/x-ndjson")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("Application/X-NDJSON; charset=utf-8")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("application/ndjson")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("application/json")).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.fromContentType("text/plain")).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.fromContentType(null)).isEqualTo(BodyFormat.JSON);
  }
}
