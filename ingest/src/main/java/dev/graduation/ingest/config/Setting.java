package dev.graduation.ingest.config;

import dev.graduation.ingest.IngestConfig;
import java.util.Locale;

/**
 * Every configurable value of {@link IngestConfig}, with the names it goes by in a properties file,
 * the environment and on the command line, and its documented default. ingest/README.md has the
 * same table; {@code --help} prints this one.
 */
public enum Setting {
  HOST("host", "HOST", "interface to bind the HTTP server to", IngestConfig.DEFAULT_HOST),
  PORT("port", "PORT", "HTTP port; 0 picks a free one", Integer.toString(IngestConfig.DEFAULT_PORT)),
  BOOTSTRAP_SERVERS(
      "bootstrap.servers", "HOST:PORT[,...]", "Kafka bootstrap servers", IngestConfig.DEFAULT_BOOTSTRAP_SERVERS),
  SCHEMA_REGISTRY_URL(
      "schema.registry.url", "URL", "Schema Registry base URL", IngestConfig.DEFAULT_SCHEMA_REGISTRY_URL),
  TOKENS(
      "tokens",
      "TOKEN[,...]",
      "bearer tokens accepted on /v1/*, comma-separated (several, to rotate); required, none by default."
          + " Prefer the environment or the file: command lines are visible to other users",
      ""),
  MAX_BODY_BYTES(
      "max.body.bytes",
      "SIZE",
      "largest request body (bytes, or with KiB/MiB/GiB or KB/MB/GB; a gzip body's decompressed size);"
          + " larger gets 413",
      "10MiB"),
  MAX_EVENTS_PER_REQUEST(
      "max.events.per.request",
      "N",
      "most events in one request (array elements or NDJSON lines); more gets 413, none written",
      Integer.toString(IngestConfig.DEFAULT_MAX_EVENTS_PER_REQUEST)),
  BODY_TIMEOUT(
      "body.timeout",
      "DURATION",
      "how long a client may take to send a whole request body; slower gets 408, none written",
      Settings.format(IngestConfig.DEFAULT_BODY_TIMEOUT)),
  MAX_IN_FLIGHT_REQUESTS(
      "max.in.flight.requests",
      "N",
      "/v1/* requests handled at once; one more gets 503 with Retry-After",
      Integer.toString(IngestConfig.DEFAULT_MAX_IN_FLIGHT_REQUESTS)),
  PRODUCE_TIMEOUT(
      "produce.timeout",
      "DURATION",
      "how long Kafka may take to acknowledge before the request gets 503 (e.g. 500ms, 15s, 2m, PT15S)",
      Settings.format(IngestConfig.DEFAULT_PRODUCE_TIMEOUT)),
  MAX_FUTURE_SKEW(
      "max.future.skew",
      "DURATION",
      "events further in the future are rejected",
      Settings.format(IngestConfig.DEFAULT_MAX_FUTURE_SKEW)),
  MAX_AGE(
      "max.age",
      "DURATION",
      "events older than this are rejected",
      Settings.format(IngestConfig.DEFAULT_MAX_AGE));

  private final String key;
  private final String label;
  private final String description;
  private final String defaultValue;

  Setting(String key, String label, String description, String defaultValue) {
    this.key = key;
    this.label = label;
    this.description = description;
    this.defaultValue = defaultValue;
  }

  /** The key in a properties file, e.g. {@code bootstrap.servers}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code INGEST_BOOTSTRAP_SERVERS}. */
  public String envVar() {
    return "INGEST_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The command-line option, e.g. {@code --bootstrap-servers}. */
  public String option() {
    return "--" + key.replace('.', '-');
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** The default as written in the docs ("" when there is none). */
  public String defaultValue() {
    return defaultValue;
  }
}
