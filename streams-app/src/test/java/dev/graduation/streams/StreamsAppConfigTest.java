package dev.graduation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
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

  /** Changelog batches wait for the commit, which makes their records visible anyway. */
  @Test
  void theProducerLingersUntilTheCommitWithBatchesLargeEnoughForIt() {
    Properties props = StreamsAppConfig.defaults().toBuilder().commitInterval(Duration.ofMillis(250)).build().streamsProperties();

    assertThat(props)
        .containsEntry("producer.linger.ms", 250L)
        .containsEntry("producer.batch.size", 256 * 1024);
    assertThat(StreamsAppConfig.defaults().toBuilder().kafkaOverrides(Map.of("producer.linger.ms", "5")).build().streamsProperties())
        .as("an override still wins")
        .containsEntry("producer.linger.ms", "5");
  }
}
