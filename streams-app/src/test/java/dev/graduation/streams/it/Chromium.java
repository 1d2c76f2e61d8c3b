package dev.graduation.streams.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} and {@code chromium-driver},
 * found on the PATH, else installed with apt-get where this user may (root, as on CI), else the
 * test class is skipped ({@link Required}) with one message saying what is missing and how to
 * install it. Selenium is told both paths, so its Selenium Manager never tries to download a
 * browser or a driver.
 */
final class Chromium {

  private static final List<String> BROWSERS = List.of("chromium", "chromium-browser");
  private static final List<String> DRIVERS = List.of("chromedriver");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(8);

  private Chromium() {}

  /** Where the browser and its driver are, or why there are none. */
  private record Installation(Optional<Path> browser, Optional<Path> driver, String problem) {
    boolean usable() {
      return browser.isPresent() && driver.isPresent();
    }
  }

  private static Installation installation;

  /**
   * Disables a test class, before anything of it starts, where there can be no browser: one
   * reason, in the report and on the console, instead of a failure.
   */
  static final class Required implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Installation found = installation();
      if (found.usable()) {
        return ConditionEvaluationResult.enabled("chromium and chromedriver found");
      }
      String reason = "Browser test skipped: Debian's chromium and chromium-driver are not installed and could not be"
          + " installed here (" + found.problem() + "); install them with `apt-get install chromium chromium-driver`";
      System.err.println(reason);
      return ConditionEvaluationResult.disabled(reason);
    }
  }

  /** A headless browser with a {@code width} x {@code height} window (the class is {@link Required}). */
  static ChromeDriver start(int width, int height) {
    Installation found = installation();
    ChromeOptions options = new ChromeOptions()
        .setBinary(found.browser().orElseThrow().toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=" + width + "," + height, "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(found.driver().orElseThrow().toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private static synchronized Installation installation() {
    if (installation == null) {
      String problem = "";
      if (find(BROWSERS).isEmpty() || find(DRIVERS).isEmpty()) {
        problem = install();
        if (problem.isEmpty()) {
          problem = "apt-get installed them, yet chromium or chromedriver is not on the PATH";
        }
      }
      installation = new Installation(find(BROWSERS), find(DRIVERS), problem);
    }
    return installation;
  }

  private static Optional<Path> find(List<String> names) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return names.stream()
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Installs both packages with apt-get; returns what happened, in a few words, for the skip message. */
  private static String install() {
    if (find(List.of("apt-get")).isEmpty()) {
      return "no apt-get on this machine";
    }
    if (!Files.isWritable(Path.of("/var/lib/dpkg"))) {
      return "apt-get needs root, and this user is not";
    }
    // The package lists may be missing or old: update first, as Debian advises.
    String update = run("apt-get", "update", "-q");
    if (!update.isEmpty()) {
      return update;
    }
    return run("apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "chromium-driver");
  }

  /** Runs a command, its output in target/chromium-install.log; empty when it succeeded. */
  private static String run(String... command) {
    try {
      Path log = Path.of("target", "chromium-install.log");
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + " took longer than " + INSTALL_TIMEOUT.toMinutes() + " minutes";
      }
      return process.exitValue() == 0 ? "" : String.join(" ", command) + " failed, see " + log.toAbsolutePath();
    } catch (IOException e) {
      return String.join(" ", command) + " could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
