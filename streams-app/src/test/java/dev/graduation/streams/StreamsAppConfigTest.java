package dev.graduation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsAppConfigTest {

  /** Days are rolled up from their hours a day after they end: the hours must outlive that. */
  @Test
  void hourlyDataMustBeKeptAtLeastThreeDays() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StreamsAppConfig.defaults().toBuilder().hourlyRetention(Duration.ofDays(3).minusMillis(1)).build())
        .withMessageContaining("hourlyRetention must be at least 3 days");
    assertThat(StreamsAppConfig.defaults().toBuilder().hourlyRetention(Duration.ofDays(3)).build().hourlyRetention())
        .isEqualTo(Duration.ofDays(3));
  }
}
