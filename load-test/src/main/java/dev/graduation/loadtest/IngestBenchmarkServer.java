package dev.graduation.loadtest;

import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server side of {@link IngestBenchmark}, run as its own process: broker, schema registry and
 * ingest in one JVM, all on 127.0.0.1 and ephemeral ports. Prints one line
 * {@code READY <bootstrap> <registry-url> <ingest-port>} on stdout once all three serve, then runs
 * until its stdin closes (the benchmark closes it, and so does the OS when the benchmark dies) or
 * {@code --max-lifetime} passes, whichever comes first; then it stops everything and deletes its
 * data.
 */
@Command(
    name = "ingest-benchmark-server",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Broker + schema registry + ingest in one process, for IngestBenchmark.")
public final class IngestBenchmarkServer implements Callable<Integer> {

  static final String READY = "READY";

  @Option(names = "--token", required = true, description = "Bearer token ingest accepts.")
  String token;

  @Option(names = "--max-lifetime", defaultValue = "PT20M", description = "Exit after this long regardless.")
  Duration maxLifetime;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmarkServer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "max-lifetime");
      thread.setDaemon(true);
      return thread;
    });
    watchdog.schedule(
        () -> {
          System.err.println("ingest-benchmark-server: --max-lifetime " + maxLifetime + " reached, exiting");
          Runtime.getRuntime().halt(3);
        },
        maxLifetime.toMillis(),
        TimeUnit.MILLISECONDS);
    try (KafkaStack stack = KafkaStack.start();
        IngestServer ingest = IngestServer.start(
            IngestConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withBootstrapServers(stack.bootstrapServers())
                .withSchemaRegistryUrl(stack.schemaRegistryUrl())
                .withTokens(List.of(token)))) {
      System.out.println(READY + " " + stack.bootstrapServers() + " " + stack.schemaRegistryUrl() + " " + ingest.port());
      System.out.flush();
      awaitEndOfInput(System.in);
    }
    return 0;
  }

  private static void awaitEndOfInput(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Nothing is ever sent; reading only tells us when the parent goes away.
    }
  }
}
