package dev.graduation.schemas;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Serde settings, named as Confluent's serde names them so that existing configs carry over. */
public record AvroSerdeConfig(String schemaRegistryUrl, boolean autoRegisterSchemas) {

  /** Comma-separated base URLs of the registry; only the first is used. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register the writer schema on first use (default true); if false it must already exist. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  public static AvroSerdeConfig from(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException("Missing required serde setting " + SCHEMA_REGISTRY_URL);
    }
    Object auto = configs.get(AUTO_REGISTER_SCHEMAS);
    return new AvroSerdeConfig(
        url.toString(), auto == null || Boolean.parseBoolean(auto.toString()));
  }

  public SchemaRegistryClient client() {
    return SchemaRegistryClient.forUrl(schemaRegistryUrl);
  }
}
