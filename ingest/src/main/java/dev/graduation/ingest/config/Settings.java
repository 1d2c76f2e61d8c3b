package dev.graduation.ingest.config;

import dev.graduation.ingest.IngestConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an {@link IngestConfig} from its sources, the first one that has a value winning:
 * command line, then environment, then properties file, then {@link IngestConfig#defaults()}.
 */
public final class Settings {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private Settings() {}

  /**
   * @param cli values given as options, by setting (absent = not given)
   * @param env the environment ({@code INGEST_*} variables are read)
   * @param file the properties file's values (empty when there is none)
   * @throws IllegalArgumentException naming the setting and where its bad value came from
   */
  public static IngestConfig resolve(Map<Setting, String> cli, Map<String, String> env, Properties file) {
    IngestConfig config = IngestConfig.defaults();
    for (Setting setting : Setting.values()) {
      String value = cli.get(setting);
      String source = "option " + setting.option();
      if (value == null) {
        value = env.get(setting.envVar());
        source = "environment variable " + setting.envVar();
      }
      if (value == null) {
        value = file.getProperty(setting.key());
        source = "config file key " + setting.key();
      }
      if (value == null) {
        continue;
      }
      try {
        config = apply(config, setting, value.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    return config;
  }

  private static IngestConfig apply(IngestConfig config, Setting setting, String value) {
    return switch (setting) {
      case HOST -> config.withHost(value);
      case PORT -> config.withPort(parseInt(value));
      case BOOTSTRAP_SERVERS -> config.withBootstrapServers(value);
      case SCHEMA_REGISTRY_URL -> config.withSchemaRegistryUrl(value);
      case TOKENS -> config.withTokens(parseList(value));
      case MAX_BODY_BYTES -> config.withMaxBodyBytes(parseSize(value));
      case MAX_EVENTS_PER_REQUEST -> config.withMaxEventsPerRequest(parseInt(value));
      case BODY_TIMEOUT -> config.withBodyTimeout(parseDuration(value));
      case MAX_IN_FLIGHT_REQUESTS -> config.withMaxInFlightRequests(parseInt(value));
      case PRODUCE_TIMEOUT -> config.withProduceTimeout(parseDuration(value));
      case MAX_FUTURE_SKEW -> config.withMaxFutureSkew(parseDuration(value));
      case MAX_AGE -> config.withMaxAge(parseDuration(value));
    };
  }

  static int parseInt(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not an integer");
    }
  }

  private static long parseLong(String digits, String value) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
  }

  /** Comma-separated, blanks dropped: "a, b,,c" is [a, b, c]. */
  static List<String> parseList(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Bytes: "1048576", "512KiB", "10MiB", "1GiB" (powers of 1024) or "10MB" (powers of 1000). */
  static long parseSize(String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a size such as 1048576, 512KiB or 10MiB");
    }
    long number = parseLong(m.group(1), value);
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "KIB" -> 1L << 10;
          case "MIB" -> 1L << 20;
          case "GIB" -> 1L << 30;
          case "KB" -> 1_000L;
          case "MB" -> 1_000_000L;
          case "GB" -> 1_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(number, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
  }

  /** "500ms", "15s", "5m", "2h", "30d", or ISO-8601 such as "PT15S". */
  static Duration parseDuration(String value) {
    Matcher m = DURATION.matcher(value);
    if (m.matches()) {
      long number = parseLong(m.group(1), value);
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(number);
        case "s" -> Duration.ofSeconds(number);
        case "m" -> Duration.ofMinutes(number);
        case "h" -> Duration.ofHours(number);
        default -> Duration.ofDays(number);
      };
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration such as 500ms, 15s, 5m, 2h, 30d or PT15S");
    }
  }

  /** The shortest of the forms {@link #parseDuration} reads: 15s, 5m, 30d. */
  static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
