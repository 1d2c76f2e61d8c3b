package dev.graduation.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.graduation.streams.state.BoundedMemoryRocksDbConfig;
import dev.graduation.streams.state.SharedRocksDbMemory;
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

  /**
   * Each KafkaStreams takes its own properties, hence its own RocksDB memory: two instances in one
   * JVM must not share (nor free) each other's cache. Seen failing with one static pool put in
   * every call's properties.
   */
  @Test
  void everyCallGivesTheRocksDbStoresAFreshPoolOfTheConfiguredSize() {
    StreamsAppConfig config = StreamsAppConfig.defaults().toBuilder().stateMemory(64L * 1024 * 1024).build();
    Properties first = config.streamsProperties();
    Properties second = config.streamsProperties();

    assertThat(first).containsEntry("rocksdb.config.setter", BoundedMemoryRocksDbConfig.class);
    SharedRocksDbMemory memory = (SharedRocksDbMemory) first.get(SharedRocksDbMemory.CONFIG);
    assertThat(memory.totalBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(memory.inUse()).isFalse(); // nothing native until a store opens
    assertThat(second.get(SharedRocksDbMemory.CONFIG)).isNotSameAs(memory);
    assertThat(StreamsAppConfig.defaults().stateMemory()).isEqualTo(256L * 1024 * 1024);
  }

  /** A smaller shared cache leaves hardly a block per store. Seen failing with the check removed. */
  @Test
  void stateMemoryMustBeAtLeastOneMebibyte() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StreamsAppConfig.defaults().toBuilder().stateMemory(1024 * 1024 - 1).build())
        .withMessage("stateMemory must be at least 1MiB, was 1048575");
  }
}
