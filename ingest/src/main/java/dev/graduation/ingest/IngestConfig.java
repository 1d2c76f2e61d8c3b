package dev.graduation.ingest;

import dev.graduation.schemas.AvroSerdeConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ingest service can be configured with. {@link #defaults()} holds the documented
 * defaults; {@code IngestMain} layers a properties file, environment variables and command-line
 * options over them (see ingest/README.md for the table).
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
 */
public record IngestConfig(
    String host,
    int port,
    String bootstrapServers,
    String schemaRegistryUrl,
    List<String> tokens,
    long maxBodyBytes,
    int maxEventsPerRequest,
    Duration bodyTimeout,
    int maxInFlightRequests,
    Duration produceTimeout,
    Duration maxFutureSkew,
    Duration maxAge) {

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

  /** The serde settings for the Avro serializers and deserializers. */
  public Map<String, Object> serdeConfig() {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
  }

  public IngestConfig withHost(String value) {
    return new IngestConfig(value, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withPort(int value) {
    return new IngestConfig(host, value, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withBootstrapServers(String value) {
    return new IngestConfig(host, port, value, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withSchemaRegistryUrl(String value) {
    return new IngestConfig(host, port, bootstrapServers, value, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withTokens(List<String> value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, value, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withTokens(String... value) {
    return withTokens(List.of(value));
  }

  public IngestConfig withMaxBodyBytes(long value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, value, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withMaxEventsPerRequest(int value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, value, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withBodyTimeout(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, value, maxInFlightRequests, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withMaxInFlightRequests(int value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, value, produceTimeout, maxFutureSkew, maxAge);
  }

  public IngestConfig withProduceTimeout(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, value, maxFutureSkew, maxAge);
  }

  public IngestConfig withMaxFutureSkew(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, value, maxAge);
  }

  public IngestConfig withMaxAge(Duration value) {
    return new IngestConfig(host, port, bootstrapServers, schemaRegistryUrl, tokens, maxBodyBytes, maxEventsPerRequest, bodyTimeout, maxInFlightRequests, produceTimeout, maxFutureSkew, value);
  }

  /** Never prints the tokens themselves: configs end up in logs. */
  @Override
  public String toString() {
    return "IngestConfig[host=" + host
        + ", port=" + port
        + ", bootstrapServers=" + bootstrapServers
        + ", schemaRegistryUrl=" + schemaRegistryUrl
        + ", tokens=<" + tokens.size() + " configured>"
        + ", maxBodyBytes=" + maxBodyBytes
        + ", maxEventsPerRequest=" + maxEventsPerRequest
        + ", bodyTimeout=" + bodyTimeout
        + ", maxInFlightRequests=" + maxInFlightRequests
        + ", produceTimeout=" + produceTimeout
        + ", maxFutureSkew=" + maxFutureSkew
        + ", maxAge=" + maxAge
        + "]";
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
