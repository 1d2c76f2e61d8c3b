package dev.graduation.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** One line about where and when a benchmark ran, printed with its figures. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    return "cores " + Runtime.getRuntime().availableProcessors()
        + ", JDK " + System.getProperty("java.vm.name") + " " + Runtime.version()
        + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB"
        + ", " + loadAverage()
        + ", " + Instant.now();
  }

  /** The 1, 5 and 15 minute load averages, where the OS tells them (Linux). */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load average " + fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }
}
