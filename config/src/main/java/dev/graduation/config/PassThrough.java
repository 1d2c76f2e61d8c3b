package dev.graduation.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Settings a service does not declare one by one but hands to a client as they are: any Kafka
 * client setting ({@link #kafka}) and the Schema Registry client's settings ({@link #registry}).
 * They come from the same three sources as declared settings, the same way: a repeatable option
 * ({@code --kafka security.protocol=SASL_SSL}), environment variables ({@code
 * INGEST_KAFKA_SECURITY_PROTOCOL}) and file keys ({@code kafka.security.protocol}); for one key, the
 * option beats the environment, which beats the file.
 */
public final class PassThrough<C> {

  private final String option;
  private final List<String> deprecatedOptions;
  private final String description;
  private final String example;
  private final List<String> keyPrefixes;
  private final boolean stripPrefix;
  private final Function<C, Map<String, String>> get;
  private final BiFunction<C, Map<String, String>, C> set;

  private PassThrough(
      String option, List<String> deprecatedOptions, String description, String example, List<String> keyPrefixes,
      boolean stripPrefix, Function<C, Map<String, String>> get, BiFunction<C, Map<String, String>, C> set) {
    this.option = option;
    this.deprecatedOptions = deprecatedOptions;
    this.description = description;
    this.example = example;
    this.keyPrefixes = keyPrefixes;
    this.stripPrefix = stripPrefix;
    this.get = get;
    this.set = set;
  }

  /**
   * Any Kafka client setting under its own name ({@code security.protocol}, {@code sasl.*},
   * {@code ssl.*}, or {@code producer.}/{@code consumer.}/{@code admin.} + a setting for one kind
   * of client); file keys and environment variables carry a {@code kafka.} / {@code _KAFKA_}
   * prefix.
   */
  public static <C> PassThrough<C> kafka(
      Function<C, Map<String, String>> get, BiFunction<C, Map<String, String>, C> set) {
    return new PassThrough<>(
        "--kafka", List.of(),
        "any Kafka client setting, applied last (repeatable)",
        "security.protocol=SASL_SSL",
        List.of("kafka."), true, get, set);
  }

  /**
   * The Schema Registry client's settings, named as Confluent's serde names them: {@code
   * basic.auth.credentials.source}, {@code basic.auth.user.info}, {@code schema.registry.ssl.*}
   * (file keys and variables as they are: {@code INGEST_BASIC_AUTH_USER_INFO}).
   */
  public static <C> PassThrough<C> registry(
      Function<C, Map<String, String>> get, BiFunction<C, Map<String, String>, C> set) {
    return new PassThrough<>(
        "--registry", List.of(),
        "a Schema Registry client setting under Confluent's name: basic.auth.*, schema.registry.* (repeatable)",
        "basic.auth.credentials.source=USER_INFO",
        List.of("schema.registry.", "basic.auth."), false, get, set);
  }

  /** The same, also under an older option name that still works but is reported as deprecated. */
  public PassThrough<C> withDeprecatedOption(String name) {
    return new PassThrough<>(
        option, List.of(name), description, example, keyPrefixes, stripPrefix, get, set);
  }

  public String option() {
    return option;
  }

  public List<String> deprecatedOptions() {
    return deprecatedOptions;
  }

  public String description() {
    return description;
  }

  public String example() {
    return example;
  }

  /** The file-key forms, e.g. {@code kafka.<key>}. */
  public String fileKeys() {
    return String.join(", ", keyPrefixes.stream().map(p -> p + "*").toList());
  }

  /** The environment-variable forms, e.g. {@code INGEST_KAFKA_*}. */
  public String envVars(String prefix) {
    return String.join(", ", keyPrefixes.stream().map(p -> envPrefix(prefix, p) + "*").toList());
  }

  Map<String, String> get(C config) {
    return get.apply(config);
  }

  C set(C config, Map<String, String> values) {
    return set.apply(config, Map.copyOf(values));
  }

  /** The client's key for a file key, or null if the key is not one of these. */
  String fromFileKey(String fileKey) {
    for (String prefix : keyPrefixes) {
      if (fileKey.startsWith(prefix) && fileKey.length() > prefix.length()) {
        return stripPrefix ? fileKey.substring(prefix.length()) : fileKey;
      }
    }
    return null;
  }

  /** The client's key for an environment variable, or null if the variable is not one of these. */
  String fromEnvVar(String prefix, String name) {
    for (String keyPrefix : keyPrefixes) {
      String envPrefix = envPrefix(prefix, keyPrefix);
      if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
        String rest = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return stripPrefix ? rest : keyPrefix + rest;
      }
    }
    return null;
  }

  /**
   * The client's key given on the command line.
   *
   * @throws IllegalArgumentException for a key this pass-through does not take
   */
  String fromOption(String key) {
    if (stripPrefix || keyPrefixes.stream().anyMatch(key::startsWith)) {
      return key;
    }
    throw new IllegalArgumentException(
        "option " + option + ": '" + key + "' is not one of " + fileKeys());
  }

  /** How a client key is written in a file: {@code kafka.sasl.jaas.config}. */
  String fileKey(String clientKey) {
    return stripPrefix ? keyPrefixes.get(0) + clientKey : clientKey;
  }

  private static String envPrefix(String prefix, String keyPrefix) {
    return Setting.envName(prefix, keyPrefix.substring(0, keyPrefix.length() - 1)) + "_";
  }
}
