package dev.graduation.ingest;

import dev.graduation.config.Resolved;
import dev.graduation.ingest.config.IngestSettings;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest service: {@code java -jar ingest-<version>-all.jar --tokens ... } (see
 * {@code --help}). Each setting ({@link IngestSettings}) comes from its option, else its {@code
 * INGEST_*} environment variable, else the {@code --config} file, else its default; a bad value
 * exits with status 2 and one line naming the setting and where the value came from.
 */
public final class IngestMain {

  private static final Logger log = LoggerFactory.getLogger(IngestMain.class);

  private IngestMain() {}

  public static void main(String[] args) {
    Resolved<IngestConfig> resolved = IngestSettings.SETTINGS.parseOrExit(args, System.getenv());
    resolved.logFormat().apply();
    resolved.warnings().forEach(log::warn);
    log.info("ingest configuration (secrets masked):{}{}", System.lineSeparator(), resolved.describe());
    IngestServer server;
    try {
      server = IngestServer.start(resolved.config());
    } catch (RuntimeException e) {
      System.err.println("ingest: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "ingest-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
