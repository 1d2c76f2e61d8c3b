package dev.graduation.streams;

import dev.graduation.config.Resolved;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs streams-app: {@code java ... dev.graduation.streams.StreamsMain --query-tokens ...} (see
 * {@code --help}). Each setting ({@link StreamsSettings}) comes from its option, else its {@code
 * STREAMS_*} environment variable, else the {@code --config} file, else its default; a bad value
 * exits with status 2 and one line naming the setting and where the value came from.
 */
public final class StreamsMain {

  private static final Logger log = LoggerFactory.getLogger(StreamsMain.class);

  private StreamsMain() {}

  public static void main(String[] args) throws InterruptedException {
    Resolved<StreamsAppConfig> resolved = StreamsSettings.SETTINGS.parseOrExit(args, System.getenv());
    resolved.logFormat().apply();
    resolved.warnings().forEach(log::warn);
    log.info("streams-app configuration (secrets masked):{}{}", System.lineSeparator(), resolved.describe());
    StreamsApp app;
    try {
      app = StreamsApp.start(resolved.config(), Clock.systemUTC());
    } catch (RuntimeException e) {
      log.error("streams-app cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "streams-app-shutdown"));
    stopped.await();
  }
}
