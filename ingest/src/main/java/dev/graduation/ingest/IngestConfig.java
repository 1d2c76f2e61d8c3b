package dev.graduation.ingest;

import dev.graduation.config.MaskedToString;
import dev.graduation.config.Secret;
import dev.graduation.schemas.AvroSerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ingest service can be configured with. {@link #defaults()} holds the documented
 * defaults, the one place they live; {@code IngestSettings} declares how a properties file,
 * environment variables and command-line options set each value (ingest/README.md has the table).
 *
 * @param host interface the HTTP server binds to
 * @param port HTTP port; 0 picks a free one ({@link IngestServer#port()} tells which)
 * @param bootstrapServers Kafka bootstrap servers
 * @param schemaRegistryUrl Schema Registry base URL used by the Avro serde
 * @param tokens bearer tokens accepted on {@code /v1/*}; several at once so that they can rotate.
 *     The server refuses to start with none.
 * @param maxBodyBytes largest request body accepted (after decompression, for a gzip body); a
 *     larger one gets 413
 * @param maxEventsPerRequest most events (array elements, NDJSON lines) one request may hold; one
 *     more gets 413 and none of them is written. Bounds what a request keeps in memory until its
 *     body is read.
 * @param bodyTimeout how long a client may take to send a whole request body, from the moment its
 *     headers are in; a slower one gets 408 and none of its events is written
 * @param maxInFlightRequests requests on {@code /v1/*} handled at once; one more gets 503
 * @param produceTimeout how long Kafka may take to acknowledge an event before the request gets
 *     503 (also bounds how long a send may block on a broker that is down)
 * @param maxFutureSkew events whose timestamp is further ahead of the clock are rejected
 * @param maxAge events whose timestamp is further behind the clock are rejected
 * @param kafkaProperties any Kafka client setting, applied after ingest's own to its producer,
 *     registrations consumer and health admin client ({@code security.protocol}, {@code sasl.*},
 *     {@code ssl.*}; {@code producer.}, {@code consumer.} or {@code admin.} + a setting for one of
 *     them); {@code acks} and {@code enable.idempotence} stay ingest's: a 202 rests on them
 * @param registryProperties Schema Registry client settings under Confluent's names ({@code
 *     basic.auth.credentials.source}, {@code basic.auth.user.info}, {@code schema.registry.ssl.*}),
 *     given to the Avro serdes
 */
public record IngestConfig(
    String host,
    int port,
    String bootstrapServers,
    String schemaRegistryUrl,
    @Secret List<String> tokens,
    long maxBodyBytes,
    int maxEventsPerRequest,
    Duration bodyTimeout,
    int maxInFlightRequests,
    Duration produceTimeout,
    Duration maxFutureSkew,
    Duration maxAge,
    Map<String, String> kafkaProperties,
    Map<String, String> registryProperties) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
  /**
   * A gateway batch of a few thousand events is ~1 MiB; 10,000 events keep a request's pending
   * records to ~2.5 MB (Avro bytes plus ~150 bytes of objects each), so 64 requests in flight hold
   * at most ~160 MB.
   */
  public static final int DEFAULT_MAX_EVENTS_PER_REQUEST = 10_000;
  /** A 10 MiB body takes under a second on a LAN, ~8 s at 10 Mbit/s. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 64;
  public static final Duration DEFAULT_PRODUCE_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

  public IngestConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(bodyTimeout, "bodyTimeout");
    Objects.requireNonNull(produceTimeout, "produceTimeout");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
    kafkaProperties = Map.copyOf(kafkaProperties);
    registryProperties = Map.copyOf(registryProperties);
    require(!host.isBlank(), "host must not be blank");
    require(port >= 0 && port <= 65535, "port must be 0-65535, got " + port);
    require(!bootstrapServers.isBlank(), "bootstrapServers must not be blank");
    require(!schemaRegistryUrl.isBlank(), "schemaRegistryUrl must not be blank");
    for (String token : tokens) {
      // A blank token would let "Authorization: Bearer " through.
      require(!token.isBlank(), "tokens must not be blank");
      require(token.chars().noneMatch(c -> c <= ' ' || c == 0x7f), "tokens must not contain spaces or control characters");
    }
    require(maxBodyBytes > 0, "maxBodyBytes must be > 0, got " + maxBodyBytes);
    require(maxEventsPerRequest > 0, "maxEventsPerRequest must be > 0, got " + maxEventsPerRequest);
    require(bodyTimeout.toMillis() >= 1, "bodyTimeout must be at least 1 ms, got " + bodyTimeout);
    require(maxInFlightRequests > 0, "maxInFlightRequests must be > 0, got " + maxInFlightRequests);
    require(produceTimeout.toMillis() >= 100, "produceTimeout must be at least 100 ms, got " + produceTimeout);
    require(!maxFutureSkew.isNegative(), "maxFutureSkew must not be negative, got " + maxFutureSkew);
    require(!maxAge.isNegative(), "maxAge must not be negative, got " + maxAge);
  }

  /** Without Kafka or registry client settings. */
  public IngestConfig(
      String host, int port, String bootstrapServers, String schemaRegistryUrl, List<String> tokens,
      long maxBodyBytes, int maxEventsPerRequest, Duration bodyTimeout, int maxInFlightRequests,
      Duration produceTimeout, Duration maxFutureSkew, Duration maxAge) {
    this(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout,
        maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, Map.of(), Map.of());
  }

  /**
   * The documented defaults: 0.0.0.0:8080, Kafka at localhost:9092, registry at
   * http://localhost:8081, no tokens (so {@link IngestServer#start} refuses to start until one is
   * given), 10 MiB bodies of at most 10,000 events sent within 30 s, 64 requests in flight, 15 s produce timeout, 5 minutes of future skew and
   * 30 days of age.
   */
  public static IngestConfig defaults() {
    return new IngestConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_BOOTSTRAP_SERVERS,
        DEFAULT_SCHEMA_REGISTRY_URL,
        List.of(),
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_EVENTS_PER_REQUEST,
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_MAX_IN_FLIGHT_REQUESTS,
        DEFAULT_PRODUCE_TIMEOUT,
        DEFAULT_MAX_FUTURE_SKEW,
        DEFAULT_MAX_AGE);
  }

  /** The serde settings for the Avro serializers and deserializers: registry URL and client settings. */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new HashMap<>(registryProperties);
    serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    return Map.copyOf(serde);
  }

  /**
   * The Kafka settings for one kind of client ({@code producer}, {@code consumer} or {@code
   * admin}): those without a client prefix, and those with this client's, the prefix removed.
   */
  public Map<String, String> kafkaProperties(String client) {
    Map<String, String> props = new HashMap<>();
    kafkaProperties.forEach((key, value) -> {
      if (!key.startsWith("producer.") && !key.startsWith("consumer.") && !key.startsWith("admin.")) {
        props.putIfAbsent(key, value);
      }
    });
    kafkaProperties.forEach((key, value) -> {
      if (key.startsWith(client + ".")) {
        props.put(key.substring(client.length() + 1), value);
      }
    });
    return props;
  }

  public IngestConfig withHost(String value) {
    return new IngestConfig(value, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withPort(int value) {
    return new IngestConfig(host, value, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withBootstrapServers(String value) {
    return new IngestConfig(host, port, value, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withSchemaRegistryUrl(String value) {
    return new IngestConfig(host, port, bootstrapServers, value, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withTokens(List<String> value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, value, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withKafkaProperties(Map<String, String> value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest,
        bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, value, registryProperties);
  }

  public IngestConfig withRegistryProperties(Map<String, String> value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest,
        bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, value);
  }

  public IngestConfig withTokens(String... value) {
    return withTokens(List.of(value));
  }

  public IngestConfig withMaxBodyBytes(long value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, value, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withMaxEventsPerRequest(int value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, value, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withBodyTimeout(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, value, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withMaxInFlightRequests(int value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, value, produceTimeout, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withProduceTimeout(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, value, maxFutureSkew, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withMaxFutureSkew(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, value, maxAge, kafkaProperties, registryProperties);
  }

  public IngestConfig withMaxAge(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, value, kafkaProperties, registryProperties);
  }

  /** Never prints the tokens or secret client settings: configs end up in logs. */
  @Override
  public String toString() {
    return MaskedToString.of(this);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
