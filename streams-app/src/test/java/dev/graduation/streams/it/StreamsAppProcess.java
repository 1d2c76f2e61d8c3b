package dev.graduation.streams.it;

import dev.graduation.streams.StreamsMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * streams-app in a JVM of its own ({@link StreamsMain} on the test classpath), so that a test can
 * kill it the hard way: SIGKILL, no shutdown hook, no clean close of Kafka Streams, local state
 * left as it was. Each start's output goes to its own log file for diagnosis.
 */
final class StreamsAppProcess implements AutoCloseable {

  private final Class<?> main;
  private final List<String> appArguments;
  private final Path logDir;
  private volatile Process process;
  private int starts;
  private Path log;

  /** @param appArguments the command line of {@link StreamsMain} */
  StreamsAppProcess(List<String> appArguments, Path logDir) {
    this(StreamsMain.class, appArguments, logDir);
  }

  /** Another main class of the test classpath (the replay command). */
  StreamsAppProcess(Class<?> main, List<String> appArguments, Path logDir) {
    this.main = main;
    this.appArguments = List.copyOf(appArguments);
    this.logDir = logDir;
  }

  /** Starts a new JVM with the same arguments (and so the same state directory). */
  Path start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running: pid " + process.pid());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(appArguments);
    String name = main == StreamsMain.class ? "streams-app" : main.getSimpleName();
    log = logDir.resolve(name + "-" + (++starts) + ".log").toAbsolutePath();
    try {
      Files.createDirectories(logDir);
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    if (starts == 1) {
      // A test JVM that is itself killed (surefire's timeout) must not leave the app running.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (isAlive()) {
          process.destroyForcibly();
        }
      }, "kill-streams-app"));
    }
    return log;
  }

  /** A port free now, for an app that must answer on the same port after a restart. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The output of the latest start. */
  Path log() {
    return log;
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Waits for the JVM to exit by itself; returns its exit code. */
  int waitForExit(java.time.Duration atMost) throws InterruptedException {
    if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " still running after " + atMost + "; see " + log);
    }
    return process.exitValue();
  }

  /** SIGKILL (destroyForcibly on Linux) and wait for the JVM to be gone; returns its exit code. */
  int killHard() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      killHard();
    }
  }
}
