package dev.graduation.loadtest;

import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Topology throughput and eligibility-query latency (issue 5), each against a baseline measured
 * in the same run on the same in-process broker:
 *
 * <ol>
 *   <li>a raw KafkaProducer loads N generated events into api-calls (baseline #0, reported);
 *   <li>(a) a bare exactly-once windowed count (1 h windows, 7 days grace) over that topic, with
 *       the product's thread count, commit interval, cache size and producer settings;
 *   <li>(b) the product topology ({@link GraduationTopology}) over the same topic; reported as
 *       events/s and as the ratio (b)/(a), target &gt;= 50 %; (a) and (b) alternate for a few
 *       rounds, each fresh, and the median rounds are compared; warm-up rounds of both come first
 *       and are not counted;
 *   <li>the full {@link StreamsApp} is started on (b)'s state, and GET /health/live (a pure HTTP
 *       round trip on the same server) and GET /v1/apps/{appId}/eligibility are each sent by K
 *       concurrent clients; reported as p50/p90/p99/max and requests/s.
 * </ol>
 */
@Command(
    name = "topology-benchmark",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Product topology vs a bare EOS windowed count, and eligibility-query latency.")
public final class TopologyBenchmark implements Callable<Integer> {

  @Option(names = "--events", defaultValue = "1000000", description = "Events loaded into api-calls.")
  int events;

  @Option(names = "--apps", defaultValue = "500", description = "Distinct apps in the traffic.")
  int apps;

  @Option(names = "--seed", defaultValue = "20261125", description = "Traffic seed.")
  long seed;

  @Option(names = "--span", defaultValue = "PT36H", description = "Event times go back this far from --end.")
  Duration span;

  @Option(names = "--end", description = "Latest event time (RFC 3339); default: now, to the second.")
  Instant end;

  @Option(names = "--stream-threads", description = "Stream threads of both apps; default: the product's default.")
  Integer streamThreads;

  @Option(names = "--commit-interval", description = "Commit interval of both apps; default: the product's default.")
  Duration commitInterval;

  @Option(
      names = "--streams-override",
      description = "A Kafka Streams, consumer or producer setting for both apps (KEY=VALUE, repeatable), applied"
          + " last like the product's kafkaOverrides.")
  Map<String, String> streamsOverrides;

  @Option(names = "--queries", defaultValue = "20000", description = "Recorded requests per query benchmark.")
  int queries;

  @Option(names = "--warmup-queries", defaultValue = "2000", description = "Unrecorded requests before each.")
  int warmupQueries;

  @Option(names = "--query-clients", defaultValue = "8", description = "Concurrent HTTP clients.")
  int queryClients;

  @Option(names = "--skip-queries", description = "Measure the topologies only.")
  boolean skipQueries;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Alternating (a), (b) rounds, each app fresh; the median rounds are compared.")
  int rounds;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "2",
      description = "Alternating (a), (b) rounds run first and not counted: until the JIT has compiled both apps,"
          + " the compiler takes up to a core away from whichever round runs.")
  int warmupRounds;

  @Option(
      names = "--typed-count",
      description = "Also run (a') a windowed count that reads the values with the Avro serde (decoded, then"
          + " counted), each round: how much of the gap to (a) is decoding. Reported, not the target's baseline.")
  boolean typedCount;

  @Option(
      names = "--live-windows-per-store",
      description = "The product's --live-windows-per-store (default: the product's default).")
  Integer liveWindowsPerStore;

  @Option(names = "--timeout", defaultValue = "PT15M", description = "Longest any one phase may take.")
  Duration timeout;

  @Option(
      names = "--verdict-interval",
      description = "Diagnostic: the product's verdict-interval and verdict-sweep-interval (default: the product's,"
          + " 1 s and 1 min); PT1H takes verdict evaluation out of the measurement.")
  Duration verdictInterval;

  @Option(
      names = "--drop-latency",
      description = "Diagnostic: events carry no latencyMs, so no bucket update touches a latency histogram.")
  boolean dropLatency;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopologyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Instant last = end != null ? end : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TrafficGenerator traffic =
        new TrafficGenerator(new TrafficGenerator.Settings(seed, apps, events, last, span));
    System.out.println("Topology benchmark: " + Machine.describe());
    if (verdictInterval != null || dropLatency) {
      System.out.println("DIAGNOSTIC RUN: verdict interval " + (verdictInterval == null ? "default" : verdictInterval)
          + (dropLatency ? ", events without latencyMs" : ""));
    }
    System.out.printf(
        Locale.ROOT, "Traffic: %,d events, %d apps, seed %d, event times %s .. %s%n",
        events, apps, seed, last.minus(span), last);
    List<String> figures = new ArrayList<>();
    try (KafkaStack stack = KafkaStack.start()) {
      Map<String, Object> serdeConfig = stack.serdeConfig();
      StreamsAppConfig base = baseConfig(stack);
      System.out.println("Broker " + stack.bootstrapServers() + ", registry " + stack.schemaRegistryUrl()
          + "; streams: " + base.streamThreads() + " threads, " + base.processingGuarantee()
          + ", commit " + base.commitInterval().toMillis() + " ms, cache " + base.cacheMaxBytes() + " B"
          + (base.kafkaOverrides().isEmpty() ? "" : ", overrides " + base.kafkaOverrides()));

      Throughput producer =
          BenchApps.load(stack, traffic, events, dropLatency ? event -> event.setLatencyMs(null) : event -> {});
      System.out.println(producer);
      figures.add(producer.toString());

      // Alternating rounds on the same loaded topic, each app with a fresh application id and
      // state: a burst of load from elsewhere on the machine hits one round, not the comparison.
      List<StreamsCatchUp.Result> bareRounds = new ArrayList<>();
      List<StreamsCatchUp.Result> productRounds = new ArrayList<>();
      List<StreamsCatchUp.Result> typedRounds = new ArrayList<>();
      StreamsAppConfig product = null;
      for (int round = 1 - warmupRounds; round <= rounds; round++) {
        String name = round <= 0 ? "warm-up round " + (round + warmupRounds) : "round " + round;
        System.out.printf(Locale.ROOT, "--- %s of %d (%s)%n", name, round <= 0 ? warmupRounds : rounds, Machine.loadAverage());
        String bareId = "bench-bare-count-" + (round + warmupRounds);
        StreamsCatchUp.Result bare =
            BenchApps.bare("(a) bare EOS windowed count, " + name, BenchApps.forApp(base, bareId, stack), timeout);
        print(bare);
        System.out.println(ChangelogBytes.describe(
            "(a) " + name, ChangelogBytes.perStore(stack.bootstrapServers(), bareId), events));
        if (typedCount) {
          String typedId = "bench-typed-count-" + (round + warmupRounds);
          StreamsCatchUp.Result typed = StreamsCatchUp.run(
              "(a') typed EOS windowed count, " + name, BenchApps.typedCount(serdeConfig),
              BenchApps.properties(BenchApps.forApp(base, typedId, stack)), timeout);
          print(typed);
          if (round > 0) {
            typedRounds.add(typed);
          }
        }
        String productId = "bench-graduation-" + (round + warmupRounds);
        product = BenchApps.forApp(base, productId, stack);
        StreamsCatchUp.Result graduation = BenchApps.product("(b) product topology, " + name, product, timeout);
        print(graduation);
        System.out.println(ChangelogBytes.describe(
            "(b) " + name, ChangelogBytes.perStore(stack.bootstrapServers(), productId), events));
        if (round > 0) {
          bareRounds.add(bare);
          productRounds.add(graduation);
        }
      }
      StreamsCatchUp.Result bare = median(bareRounds, figures, "(a)");
      StreamsCatchUp.Result graduation = median(productRounds, figures, "(b)");
      String ratio = String.format(
          Locale.ROOT,
          "ratio (b)/(a) of the median rounds = %.1f %% (from RUNNING), %.1f %% (from start()); rounds from RUNNING: %s; target >= 50 %%",
          100 * graduation.fromRunning().ratioTo(bare.fromRunning()),
          100 * graduation.fromStart().ratioTo(bare.fromStart()),
          roundRatios(productRounds, bareRounds));
      System.out.println(ratio);
      figures.add(ratio);
      String cpuRatio = String.format(
          Locale.ROOT, "CPU per event (b)/(a) of the median rounds = %.1fx on the app's threads, %.1fx in the whole process",
          (double) graduation.cpu().appThreadNanos() / bare.cpu().appThreadNanos(),
          (double) graduation.cpu().processNanos() / bare.cpu().processNanos());
      System.out.println(cpuRatio);
      figures.add(cpuRatio);
      if (typedCount) {
        StreamsCatchUp.Result typed = median(typedRounds, figures, "(a')");
        String typedRatio = String.format(
            Locale.ROOT,
            "for reference, not the target: ratio (b)/(a') of the median rounds = %.1f %% (from RUNNING); rounds: %s",
            100 * graduation.fromRunning().ratioTo(typed.fromRunning()),
            roundRatios(productRounds, typedRounds));
        System.out.println(typedRatio);
        figures.add(typedRatio);
      }

      if (!skipQueries) {
        queryLatency(stack, product, traffic, figures);
      }
    }
    System.out.println();
    System.out.println("=== Summary (" + Machine.loadAverage() + " at the end) ===");
    figures.forEach(System.out::println);
    return 0;
  }

  private StreamsAppConfig baseConfig(KafkaStack stack) {
    StreamsAppConfig.Builder builder = BenchApps.baseConfig(stack);
    if (streamThreads != null) {
      builder.streamThreads(streamThreads);
    }
    if (streamsOverrides != null) {
      builder.kafkaOverrides(streamsOverrides);
    }
    if (commitInterval != null) {
      builder.commitInterval(commitInterval);
    }
    if (verdictInterval != null) {
      builder.verdictInterval(verdictInterval).verdictSweepInterval(verdictInterval);
    }
    if (liveWindowsPerStore != null) {
      builder.liveWindowsPerStore(liveWindowsPerStore);
    }
    return builder.build();
  }

  private static void print(StreamsCatchUp.Result result) {
    System.out.println(result.fromRunning());
    System.out.println(result.fromStart());
    System.out.println(result.cpuPerEvent());
    System.out.printf(Locale.ROOT, "  (start() to RUNNING: %.2f s)%n", result.startupSeconds());
  }

  /** The round with the median rate from RUNNING, added to the summary. */
  private static StreamsCatchUp.Result median(List<StreamsCatchUp.Result> rounds, List<String> figures, String which) {
    StreamsCatchUp.Result median = StreamsCatchUp.median(rounds);
    figures.add(which + " median round of " + rounds.size() + ": " + median.fromRunning());
    figures.add(which + " same round: " + median.fromStart());
    figures.add(which + " same round: " + median.cpuPerEvent());
    return median;
  }

  private static String roundRatios(List<StreamsCatchUp.Result> product, List<StreamsCatchUp.Result> bare) {
    List<String> ratios = new ArrayList<>();
    for (int i = 0; i < product.size(); i++) {
      ratios.add(String.format(Locale.ROOT, "%.0f %%", 100 * product.get(i).fromRunning().ratioTo(bare.get(i).fromRunning())));
    }
    return String.join(", ", ratios);
  }

  /** Restarts (b) as the full StreamsApp on its state and measures the query API. */
  private void queryLatency(KafkaStack stack, StreamsAppConfig product, TrafficGenerator traffic, List<String> figures)
      throws Exception {
    try (StreamsApp app = BenchApps.serve(stack, product, timeout)) {
      QueryLatency latency = QueryLatency.measure(
          QueryLatency.client(), "http://127.0.0.1:" + app.httpPort(), traffic.appIds(), queryClients, warmupQueries,
          queries, timeout);
      System.out.println(latency.ratio());
      figures.add(latency.liveness().toString());
      figures.add(latency.eligibility().toString());
      figures.add(latency.ratio());
    }
  }
}
