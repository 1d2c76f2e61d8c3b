package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.replay.ReplayMain;
import dev.graduation.streams.version.ControlKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import dev.graduation.schemas.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 16: the replay's rate next to the live topology's, in the same run, over the same
 * pre-loaded api-calls. Each round starts a live streams-app ({@link StreamsApp}, query API and
 * all) under a fresh application id and times it through the backlog; then, while that instance
 * keeps serving, {@code replay run --version 2} of the same application id (the command itself,
 * progress polling, status server and diff report included) is timed through the same backlog.
 * Both are timed the same way: from the group's first committed offset to its committed offsets
 * at the topic's end (polled every 50 ms), so the group join and the replay's diff report are
 * left out of both.
 */
@Command(name = "replay-benchmark", mixinStandardHelpOptions = true, description = "Replay rate against the live topology's.")
public final class ReplayBenchmark implements Callable<Integer> {

  private static final String TOKEN = "bench-query-token";
  private static final long POLL_MILLIS = 50;

  @Option(names = "--events", defaultValue = "300000", description = "Events loaded into api-calls.")
  int events;

  @Option(names = "--apps", defaultValue = "500", description = "Distinct apps in the traffic.")
  int apps;

  @Option(names = "--seed", defaultValue = "20261207", description = "Traffic seed.")
  long seed;

  @Option(names = "--span", defaultValue = "PT36H", description = "Event times go back this far from now.")
  Duration span;

  @Option(names = "--rounds", defaultValue = "3", description = "Live-then-replay rounds; the median ratio is reported.")
  int rounds;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "1",
      description = "Rounds run first and not counted: the first live app runs while the JIT compiles, the replay after it"
          + " does not (a first round measured 10,000 live against 22,000 replayed events/s).")
  int warmupRounds;

  @Option(names = "--timeout", defaultValue = "PT15M", description = "Longest any one catch-up may take.")
  Duration timeout;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReplayBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Settings(seed, apps, events, last, span));
    System.out.println("Replay benchmark: " + Machine.describe());
    List<String> figures = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (KafkaStack stack = KafkaStack.start();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      RawProducer.register(
          stack.bootstrapServers(), stack.serdeConfig(), IntStream.range(0, apps).mapToObj(traffic::registration).toList());
      List<ApiCallEvent> load = new ArrayList<>(events);
      for (int i = 0; i < events; i++) {
        load.add(traffic.event(i));
      }
      figures.add(RawProducer.send("#0 raw KafkaProducer -> api-calls", stack.bootstrapServers(), stack.serdeConfig(), load)
          .toString());
      long end = endOffsets(admin);
      for (int round = 1 - warmupRounds; round <= rounds; round++) {
        String name = round <= 0 ? "warm-up round " + (round + warmupRounds) : "round " + round;
        String base = "bench-replay-" + (round + warmupRounds);
        StreamsAppConfig config = StreamsAppConfig.defaults().toBuilder()
            .applicationId(base)
            .bootstrapServers(stack.bootstrapServers())
            .schemaRegistryUrl(stack.schemaRegistryUrl())
            .stateDir(stack.stateDir(base))
            .httpHost("127.0.0.1")
            .httpPort(0)
            .advertisedHost("127.0.0.1")
            .queryTokens(List.of(TOKEN))
            .replicationFactor(1)
            .build();
        System.out.printf(Locale.ROOT, "--- %s (%s)%n", name, Machine.loadAverage());
        Throughput live;
        try (StreamsApp app = StreamsApp.start(config, Clock.systemUTC())) {
          live = catchUp("(live) streams-app, " + name, admin, base, end, () -> true);
          System.out.println(live);
          String[] replay = {
            "run", "--version", "2", "--live-url", "http://127.0.0.1:" + app.httpPort(),
            "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
            "--application-id", base, "--state-dir", stack.stateDir(base + "-replay").toString(),
            "--http-host", "127.0.0.1", "--advertised-host", "127.0.0.1", "--query-tokens", TOKEN,
            "--replication-factor", "1"};
          CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> ReplayMain.execute(replay));
          Throughput replayed = catchUp(
              "(replay) replay run --version 2, " + name, admin, ControlKeys.applicationId(base, 2), end,
              () -> !exit.isDone());
          System.out.println(replayed);
          if (exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS) != 0) {
            throw new IllegalStateException("replay run exited with " + exit.get());
          }
          double ratio = replayed.ratioTo(live);
          String line = String.format(Locale.ROOT, "%s; %s; replay/live = %.1f %% (%s)", live, replayed, 100 * ratio,
              Machine.loadAverage());
          System.out.println(line);
          if (round > 0) {
            ratios.add(ratio);
            figures.add(line);
          }
        }
      }
    }
    ratios.sort(Comparator.naturalOrder());
    String median = String.format(
        Locale.ROOT, "median replay/live over %d rounds = %.1f %% (rounds: %s); target >= 80 %%",
        ratios.size(), 100 * ratios.get(ratios.size() / 2),
        ratios.stream().map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r)).toList());
    figures.add(median);
    System.out.println();
    System.out.println("=== Summary (" + Machine.loadAverage() + " at the end) ===");
    figures.forEach(System.out::println);
    return 0;
  }

  /** Events over the time from the group's first commit to its commit at the end of api-calls. */
  private Throughput catchUp(String name, Admin admin, String group, long end, BooleanSupplier alive) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long first = 0;
    long startOffsets = 0;
    while (System.nanoTime() < deadline) {
      long committed = committed(admin, group);
      if (first == 0 && committed > 0) {
        first = System.nanoTime();
        startOffsets = committed;
      }
      if (committed >= end) {
        return new Throughput(name, end - startOffsets, System.nanoTime() - first);
      }
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(name + " stopped at " + committed + " of " + end);
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException(name + " did not catch up within " + timeout);
  }

  private static long committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.API_CALLS.name()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  private static long endOffsets(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < Topics.API_CALLS.partitions(); p++) {
      latest.put(new TopicPartition(Topics.API_CALLS.name(), p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
  }
}
