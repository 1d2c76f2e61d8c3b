package dev.graduation.streams.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;

/** The {@code streams_dead_letter_records} counter that both DLQ handlers increment. */
final class DeadLetterCounter {

  private DeadLetterCounter() {}

  /**
   * The counter for {@code reason}, in the registry the app passed under {@link
   * DeadLetterDeserializationHandler#METER_REGISTRY_CONFIG} (the global one otherwise).
   */
  static Counter from(Map<String, ?> configs, String reason) {
    return Counter.builder(DeadLetterDeserializationHandler.COUNTER_NAME)
        .description("Records of api-calls that went to the DLQ instead of being counted")
        .tag("reason", reason)
        .register(registry(configs));
  }

  /**
   * The registry the app passed under {@link DeadLetterDeserializationHandler#METER_REGISTRY_CONFIG}
   * (handlers get it in their configs, processors in {@code context.appConfigs()}), the global one
   * otherwise (a {@code TopologyTestDriver} test).
   */
  static MeterRegistry registry(Map<String, ?> configs) {
    Object registry = configs.get(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG);
    return registry instanceof MeterRegistry given ? given : Metrics.globalRegistry;
  }
}
