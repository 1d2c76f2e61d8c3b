package dev.graduation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one duration and size syntax. Seen failing with the ISO-8601 fallback removed from
 * Durations.parse, and with Sizes.format printing plain bytes.
 */
class ValueTypeTest {

  @Test
  void durationsTakeShortUnitsAndIso8601() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("PT15S")).isEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse("PT0.1S")).isEqualTo(Duration.ofMillis(100));
    assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("15"))
        .withMessage("'15' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Durations.parse("99999999999999999d"))
        .withMessage("'99999999999999999d' is too large");
  }

  @Test
  void durationsAreWrittenInTheShortestUnitThatReadsBackExactly() {
    assertThat(Durations.format(Duration.ofMillis(100))).isEqualTo("100ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofDays(36))).isEqualTo("36d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    for (Duration d : List.of(Duration.ofMillis(100), Duration.ofHours(8 * 24), Duration.ofNanos(1500), Duration.ZERO)) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  @Test
  void sizesTakeBinaryAndDecimalUnitsAndAreWrittenInBinaryOnes() {
    assertThat(Sizes.parse("123")).isEqualTo(123);
    assertThat(Sizes.parse("123B")).isEqualTo(123);
    assertThat(Sizes.parse("2KB")).isEqualTo(2000);
    assertThat(Sizes.parse("1GB")).isEqualTo(1_000_000_000);
    assertThat(Sizes.parse("2KiB")).isEqualTo(2048);
    assertThat(Sizes.parse("10MiB")).isEqualTo(10_485_760);
    assertThat(Sizes.parse("1 gib")).isEqualTo(1_073_741_824);
    assertThat(Sizes.parse("3MB")).isEqualTo(3_000_000);
    assertThat(Sizes.format(10_485_760)).isEqualTo("10MiB");
    assertThat(Sizes.format(256 * 1024)).isEqualTo("256KiB");
    assertThat(Sizes.format(1000)).isEqualTo("1000");
    assertThat(Sizes.format(0)).isEqualTo("0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Sizes.parse("ten megs"))
        .withMessage("'ten megs' is not a size such as 1048576, 512KiB or 10MiB");
  }

  @Test
  void otherTypesSayWhatTheyExpected() {
    assertThat(ValueType.LIST.parse(" a, b,,c ")).containsExactly("a", "b", "c");
    assertThat(ValueType.oneOf(DemoConfig.Mode.class).parse("Rolling")).isEqualTo(DemoConfig.Mode.ROLLING);
    assertThat(ValueType.oneOf(DemoConfig.Mode.class).label()).isEqualTo("calendar|rolling");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ValueType.oneOf(DemoConfig.Mode.class).parse("weekly"))
        .withMessage("'weekly' is not one of calendar, rolling");
    assertThatIllegalArgumentException().isThrownBy(() -> ValueType.INT.parse("8o80")).withMessage("'8o80' is not an integer");
    assertThatIllegalArgumentException().isThrownBy(() -> ValueType.DECIMAL.parse("NaN")).withMessage("'NaN' is not a number such as 0.05");
  }
}
