package dev.graduation.ingest.config;

import dev.graduation.config.PassThrough;
import dev.graduation.config.ServiceSettings;
import dev.graduation.config.Setting;
import dev.graduation.config.ValueType;
import dev.graduation.ingest.IngestConfig;
import java.util.List;

/**
 * Every setting of ingest that its command line, environment ({@code INGEST_*}) and {@code
 * --config} file can give, declared once over {@link IngestConfig}, whose {@link
 * IngestConfig#defaults()} holds the defaults. ingest/README.md has the same table ({@code
 * IngestMainTest} keeps it so); {@code --help} prints this one.
 */
public final class IngestSettings {

  private IngestSettings() {}

  public static final ServiceSettings<IngestConfig> SETTINGS =
      new ServiceSettings<>(
          "ingest",
          "INGEST",
          "The gateway's HTTP front door: POST /v1/events and PUT /v1/apps/{appId}, written to Kafka.",
          IngestConfig.defaults(),
          List.of(
              Setting.of("host", ValueType.TEXT.labelled("HOST"), "interface to bind the HTTP server to",
                  IngestConfig::host, IngestConfig::withHost),
              Setting.of("port", ValueType.INT.labelled("PORT"), "HTTP port; 0 picks a free one",
                  IngestConfig::port, IngestConfig::withPort),
              Setting.of("bootstrap.servers", ValueType.TEXT.labelled("HOST:PORT[,...]"), "Kafka bootstrap servers",
                  IngestConfig::bootstrapServers, IngestConfig::withBootstrapServers),
              Setting.of("schema.registry.url", ValueType.TEXT.labelled("URL"), "Schema Registry base URL",
                  IngestConfig::schemaRegistryUrl, IngestConfig::withSchemaRegistryUrl),
              Setting.of("tokens", ValueType.LIST.labelled("TOKEN[,...]"),
                      "bearer tokens accepted on /v1/*, comma-separated (several, to rotate); required, none by"
                          + " default. Prefer the environment or the file: command lines are visible to other users",
                      IngestConfig::tokens, IngestConfig::withTokens)
                  .secret(),
              Setting.of("max.body.bytes", ValueType.SIZE,
                  "largest request body (bytes, or with KiB/MiB/GiB or KB/MB/GB); larger gets 413; for a gzip body,"
                      + " both the compressed and the decompressed size",
                  IngestConfig::maxBodyBytes, IngestConfig::withMaxBodyBytes),
              Setting.of("max.events.per.request", ValueType.INT,
                  "most events in one request (array elements or NDJSON lines, valid or not); more gets 413, none written",
                  IngestConfig::maxEventsPerRequest, IngestConfig::withMaxEventsPerRequest),
              Setting.of("body.timeout", ValueType.DURATION,
                  "a body not fully received this long after the endpoint starts reading gets 408, none written",
                  IngestConfig::bodyTimeout, IngestConfig::withBodyTimeout),
              Setting.of("max.in.flight.requests", ValueType.INT,
                  "/v1/* requests handled at once; one more gets 503 with Retry-After",
                  IngestConfig::maxInFlightRequests, IngestConfig::withMaxInFlightRequests),
              Setting.of("produce.timeout", ValueType.DURATION,
                  "how long Kafka may take to acknowledge before the request gets 503 (e.g. 500ms, 15s, 2m, PT15S)",
                  IngestConfig::produceTimeout, IngestConfig::withProduceTimeout),
              Setting.of("max.future.skew", ValueType.DURATION, "events further in the future are rejected",
                  IngestConfig::maxFutureSkew, IngestConfig::withMaxFutureSkew),
              Setting.of("max.age", ValueType.DURATION, "events older than this are rejected",
                  IngestConfig::maxAge, IngestConfig::withMaxAge)),
          List.of(
              PassThrough.kafka(IngestConfig::kafkaProperties, IngestConfig::withKafkaProperties),
              PassThrough.registry(IngestConfig::registryProperties, IngestConfig::withRegistryProperties)));
}
