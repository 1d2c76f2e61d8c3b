package dev.graduation.config;

import java.util.List;

/**
 * A service's configuration as its sources made it.
 *
 * @param config the config record
 * @param effective one line per setting and pass-through key, {@code key=value (source)}, secrets
 *     masked: what a service logs when it starts
 * @param warnings deprecated names that were used, each with its replacement
 * @param logFormat the setting {@code log.format} every service has
 */
public record Resolved<C>(C config, List<String> effective, List<String> warnings, LogFormat logFormat) {

  public Resolved {
    effective = List.copyOf(effective);
    warnings = List.copyOf(warnings);
  }

  public Resolved(C config, List<String> effective, List<String> warnings) {
    this(config, effective, warnings, LogFormat.PLAIN);
  }

  /** The effective configuration, one setting per line, for the start-up log. */
  public String describe() {
    return String.join(System.lineSeparator(), effective);
  }
}
