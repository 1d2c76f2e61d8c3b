package dev.graduation.schemas;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings, named as Confluent's serde names them so that existing configs carry over.
 *
 * @param basicAuthUserInfo {@code user:password} for the registry's basic auth, or null
 * @param sslSettings the {@code schema.registry.ssl.*} settings ({@link RegistryTls}), prefix kept
 */
public record AvroSerdeConfig(
    String schemaRegistryUrl, boolean autoRegisterSchemas, String basicAuthUserInfo, Map<String, String> sslSettings) {

  public AvroSerdeConfig {
    sslSettings = Map.copyOf(sslSettings);
  }

  /** Comma-separated base URLs of the registry; only the first is used. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register the writer schema on first use (default true); if false it must already exist. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * Where basic-auth credentials come from: {@code URL} (the default: the URL's {@code
   * user:password@}, none if it has none) or {@code USER_INFO} ({@link #BASIC_AUTH_USER_INFO}).
   * Confluent's {@code SASL_INHERIT} is not supported.
   */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** {@code user:password}, with {@code basic.auth.credentials.source=USER_INFO}. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  public AvroSerdeConfig(String schemaRegistryUrl, boolean autoRegisterSchemas) {
    this(schemaRegistryUrl, autoRegisterSchemas, null, Map.of());
  }

  public AvroSerdeConfig(String schemaRegistryUrl, boolean autoRegisterSchemas, String basicAuthUserInfo) {
    this(schemaRegistryUrl, autoRegisterSchemas, basicAuthUserInfo, Map.of());
  }

  public static AvroSerdeConfig from(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException("Missing required serde setting " + SCHEMA_REGISTRY_URL);
    }
    Object auto = configs.get(AUTO_REGISTER_SCHEMAS);
    Map<String, String> ssl = RegistryTls.settings(configs);
    // Opened here, so that a wrong path or password stops the configuration, not the first record.
    RegistryTls.sslContext(ssl);
    return new AvroSerdeConfig(
        url.toString(), auto == null || Boolean.parseBoolean(auto.toString()), userInfo(configs, url.toString()), ssl);
  }

  public SchemaRegistryClient client() {
    return SchemaRegistryClient.forUrl(schemaRegistryUrl, basicAuthUserInfo, sslSettings);
  }

  private static String userInfo(Map<String, ?> configs, String urls) {
    Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
    String name = source == null ? "URL" : source.toString();
    switch (name) {
      case "URL" -> {
        return URI.create(urls.split(",")[0].trim()).getUserInfo();
      }
      case "USER_INFO" -> {
        Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
        if (userInfo == null || !userInfo.toString().contains(":")) {
          throw new ConfigException(
              BASIC_AUTH_USER_INFO + " must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is USER_INFO");
        }
        return userInfo.toString();
      }
      default -> throw new ConfigException(
          BASIC_AUTH_CREDENTIALS_SOURCE, name, "supported: URL, USER_INFO");
    }
  }
}
