package dev.graduation.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyFormatTest {

  @Test
  void ndjsonOnlyWhenTheContentTypeSaysSoJsonForJsonOrNoneOtherTypesNot() {
    assertThat(BodyFormat.fromContentType("application/x-ndjson")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("Application/X-NDJSON; charset=utf-8")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("application/ndjson")).isEqualTo(BodyFormat.NDJSON);
    assertThat(BodyFormat.fromContentType("application/json")).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.fromContentType("Application/JSON; charset=UTF-8")).isEqualTo(BodyFormat.JSON);
    assertThat(BodyFormat.fromContentType(null)).isEqualTo(BodyFormat.JSON);
    // Seen failing before 415s: text/plain and application/xml were read as JSON.
    assertThat(BodyFormat.fromContentType("text/plain")).isNull();
    assertThat(BodyFormat.fromContentType("application/xml")).isNull();
    assertThat(BodyFormat.fromContentType("application/x-www-form-urlencoded")).isNull();
    assertThat(BodyFormat.fromContentType("")).isNull();
  }
}
