package dev.graduation.loadtest.suites;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What every suite has: quick sizes, where its JSON goes, and a bound on any one wait. */
public final class RunOptions {

  @Option(names = "--quick", description = "Smaller sizes (each option says its quick default): minutes, not hours.")
  boolean quick;

  @Option(names = "--out", description = "Where the figures are written as JSON (default: target/load-test-<suite>.json).")
  Path out;

  @Option(names = "--timeout", defaultValue = "PT15M", converter = Durations.class, description = "Longest any one phase may take.")
  Duration timeout;

  /** {@code quickValue} under --quick, else {@code fullValue}, unless the option was given. */
  <T> T pick(T given, T fullValue, T quickValue) {
    return given != null ? given : quick ? quickValue : fullValue;
  }

  Path out(String suite) {
    return out != null ? out : Path.of("target", "load-test-" + suite + ".json");
  }
}
