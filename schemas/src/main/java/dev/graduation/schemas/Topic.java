package dev.graduation.schemas;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic with everything needed to create it and to read or write it: name, partitions, topic
 * configs and the value serde. Keys are always the appId as a UTF-8 string. Producers, the
 * topology and tests all go through this, so nobody can read a topic with the wrong serde.
 *
 * @param <V> the value type
 */
public record Topic<V>(
    String name,
    int partitions,
    Map<String, String> configs,
    Function<Map<String, ?>, Serde<V>> valueSerdeFactory) {

  public Serde<String> keySerde() {
    return Serdes.String();
  }

  /** The value serde, configured with the serde settings (schema.registry.url, ...). */
  public Serde<V> valueSerde(Map<String, ?> serdeConfig) {
    return valueSerdeFactory.apply(serdeConfig);
  }

  /** The topic as the admin client creates it, with the given replication factor. */
  public NewTopic newTopic(short replicationFactor) {
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }
}
