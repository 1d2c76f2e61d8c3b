package dev.graduation.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small config record declared the way the services declare theirs. */
record DemoConfig(
    String host, int port, Duration timeout, long maxBytes, @Secret List<String> tokens, Mode mode,
    Map<String, String> kafka, Map<String, String> registry) {

  enum Mode { CALENDAR, ROLLING }

  static final DemoConfig DEFAULTS =
      new DemoConfig("0.0.0.0", 8080, Duration.ofMillis(100), 10L << 20, List.of(), Mode.CALENDAR, Map.of(), Map.of());

  static final ServiceSettings<DemoConfig> SETTINGS =
      new ServiceSettings<>(
          "demo",
          "DEMO",
          "A demo service.",
          DEFAULTS,
          List.of(
              Setting.of("host", ValueType.TEXT, "interface to bind", DemoConfig::host,
                  (c, v) -> new DemoConfig(v, c.port, c.timeout, c.maxBytes, c.tokens, c.mode, c.kafka, c.registry)),
              Setting.of("port", ValueType.INT, "HTTP port", DemoConfig::port,
                  (c, v) -> new DemoConfig(c.host, v, c.timeout, c.maxBytes, c.tokens, c.mode, c.kafka, c.registry)),
              Setting.of("commit.timeout", ValueType.DURATION, "how long a commit may take", DemoConfig::timeout,
                  (c, v) -> new DemoConfig(c.host, c.port, v, c.maxBytes, c.tokens, c.mode, c.kafka, c.registry)),
              Setting.of("max.bytes", ValueType.SIZE, "largest body", DemoConfig::maxBytes,
                  (c, v) -> new DemoConfig(c.host, c.port, c.timeout, v, c.tokens, c.mode, c.kafka, c.registry)),
              Setting.of("tokens", ValueType.LIST, "bearer tokens", DemoConfig::tokens,
                      (c, v) -> new DemoConfig(c.host, c.port, c.timeout, c.maxBytes, v, c.mode, c.kafka, c.registry))
                  .secret()
                  .required(),
              Setting.of("window.mode", ValueType.oneOf(Mode.class), "evaluation window", DemoConfig::mode,
                  (c, v) -> new DemoConfig(c.host, c.port, c.timeout, c.maxBytes, c.tokens, v, c.kafka, c.registry))),
          List.of(
              PassThrough.<DemoConfig>kafka(DemoConfig::kafka,
                      (c, v) -> new DemoConfig(c.host, c.port, c.timeout, c.maxBytes, c.tokens, c.mode, v, c.registry))
                  .withDeprecatedOption("--kafka-property"),
              PassThrough.<DemoConfig>registry(DemoConfig::registry,
                  (c, v) -> new DemoConfig(c.host, c.port, c.timeout, c.maxBytes, c.tokens, c.mode, c.kafka, v))));

  @Override
  public String toString() {
    return MaskedToString.of(this);
  }
}
