package dev.graduation.streams.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The control topic's records. Seen failing with unknown fields refused ({@code
 * aRecordReadsBackAsWritten}: a newer writer's record would stop older instances from starting).
 */
class VersionRecordTest {

  @Test
  void aRecordReadsBackAsWritten() {
    VersionRecord record = new VersionRecord(2, "g-v2", "new.csv", "method,path\n", "2026-12-07T10:00:00Z");
    assertThat(record.toJson()).isEqualTo(
        "{\"version\":2,\"applicationId\":\"g-v2\",\"catalogSource\":\"new.csv\",\"catalogCsv\":\"method,path\\n\","
            + "\"recordedAt\":\"2026-12-07T10:00:00Z\"}");
    assertThat(VersionRecord.parse(record.toJson())).isEqualTo(record);
    assertThat(VersionRecord.parse("{\"version\":3,\"applicationId\":\"g-v3\",\"later\":1}"))
        .isEqualTo(new VersionRecord(3, "g-v3", null, null, null));
  }

  @Test
  void somethingElseIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> VersionRecord.parse("g-v2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a version record: ");
    assertThatThrownBy(() -> VersionRecord.parse("{\"version\":2}"))
        .hasMessage("not a version record: applicationId is missing");
    assertThatThrownBy(() -> VersionRecord.parse("{\"version\":0,\"applicationId\":\"g\"}"))
        .hasMessage("not a version record: version must be 1 or more, was 0");
    assertThatThrownBy(() -> VersionRecord.parse(null)).hasMessage("no value (a deleted record)");
  }

  @Test
  void versionOneIsTheConfiguredApplicationId() {
    assertThat(ControlKeys.applicationId("g", 1)).isEqualTo("g");
    assertThat(ControlKeys.applicationId("g", 12)).isEqualTo("g-v12");
    assertThat(ControlKeys.active("g")).isEqualTo("g/active");
    assertThat(ControlKeys.version("g", 2)).isEqualTo("g/v2");
    assertThat(VersionRecord.first("g").describe()).isEqualTo("g (catalog shipped)");
  }
}
