package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.BenchApps;
import dev.graduation.loadtest.ChangelogBytes;
import dev.graduation.loadtest.Machine;
import dev.graduation.loadtest.QueryLatency;
import dev.graduation.loadtest.StreamsCatchUp;
import dev.graduation.streams.StreamsAppConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the product scales with the number of apps: for each app count, on a fresh stack loaded
 * with the same number of events spread over those apps, the product topology's rate against the
 * bare EOS windowed count's (same topic, same run, alternating rounds), the state it keeps on disk
 * and in its changelogs, how long a restart takes on kept and on empty state, and eligibility
 * p99 against {@code /health/live} on the same server.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Topology events/s (against a bare EOS count), state bytes, restore time and eligibility p99"
        + " at each app count.")
final class ScaleSuite extends Suite {

  @Mixin TrafficOptions traffic;

  @Option(names = "--apps", split = ",", defaultValue = "1000,10000,100000", description = "App counts, each on a fresh stack.")
  List<Integer> apps;

  @Option(names = "--events", description = "Events loaded per app count (default 2,000,000; --quick 100,000).")
  Integer events;

  @Option(names = "--rounds", description = "Counted (bare, product) rounds; medians compared (default 3; --quick 1).")
  Integer rounds;

  @Option(names = "--warmup-rounds", description = "(bare, product) rounds run first, not counted (default 1; --quick 0).")
  Integer warmupRounds;

  @Option(names = "--queries", description = "Recorded requests per query target (default 20,000; --quick 2,000).")
  Integer queries;

  @Option(names = "--warmup-queries", description = "Unrecorded requests before each (default 2,000; --quick 500).")
  Integer warmupQueries;

  @Option(names = "--query-clients", defaultValue = "8", description = "Concurrent closed-loop HTTP clients.")
  int queryClients;

  @Override
  String name() {
    return "scale";
  }

  @Override
  SuiteResult measure() throws Exception {
    System.out.println("scale: " + Machine.describe());
    List<AppCount> perAppCount = new ArrayList<>();
    List<SuiteResult.Line> lines = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    int exitCode = 0;
    for (int appCount : apps) {
      AppCount figures = atAppCount(appCount);
      perAppCount.add(figures);
      if (!figures.restoredAnswerMatches()) {
        System.out.println("ERROR: the restored state answers " + figures.restoreEmptyState().probeCalls()
            + " calls for the probe app, the kept state " + figures.restartKeptState().probeCalls());
        exitCode = SuiteResult.ERROR;
      }
      if (figures.eligibility().unexpectedStatus() + figures.healthLive().unexpectedStatus() > 0) {
        System.out.println("ERROR: queries answered with an unexpected status (see above)");
        exitCode = SuiteResult.ERROR;
      }
      rows.add(figures.row());
      lines.addAll(figures.lines());
    }
    SuiteResult.printTable(
        List.of("apps", "events", "bare events/s", "product events/s", "ratio", "state B/app", "state B/event",
            "changelog B/event", "restart, kept state s", "restore, empty state s", "eligibility p99 ms",
            "/health/live p99 ms"),
        rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    json.put("span", traffic.span.toString());
    json.put("seed", traffic.seed);
    json.put("appCounts", perAppCount);
    return new SuiteResult(name(), json, lines, exitCode);
  }

  private AppCount atAppCount(int appCount) throws Exception {
    int loaded = run.pick(events, 2_000_000, 100_000);
    System.out.printf(Locale.ROOT, "%n--- %,d apps, %,d events over %s (%s)%n", appCount, loaded, traffic.span,
        Machine.loadAverage());
    try (LoadedStack stack = LoadedStack.start(traffic.history(appCount, loaded))) {
      List<StreamsCatchUp.Result> bareRounds = new ArrayList<>();
      List<StreamsCatchUp.Result> productRounds = new ArrayList<>();
      StreamsAppConfig product = null;
      int warmup = run.pick(warmupRounds, 1, 0);
      for (int round = 1 - warmup; round <= run.pick(rounds, 3, 1); round++) {
        String name = (round <= 0 ? "warm-up round " : "round ") + (round + warmup);
        StreamsCatchUp.Result bare = BenchApps.bare(
            "bare EOS windowed count, " + name, stack.config("scale-bare-" + (round + warmup)), run.timeout);
        System.out.println(bare.fromRunning());
        product = stack.config("scale-product-" + (round + warmup));
        StreamsCatchUp.Result graduation = BenchApps.product("product topology, " + name, product, run.timeout);
        System.out.println(graduation.fromRunning());
        if (round > 0) {
          bareRounds.add(bare);
          productRounds.add(graduation);
        }
      }
      StreamsCatchUp.Result bare = StreamsCatchUp.median(bareRounds);
      StreamsCatchUp.Result graduation = StreamsCatchUp.median(productRounds);

      List<Double> roundRatios = new ArrayList<>();
      for (int i = 0; i < productRounds.size(); i++) {
        roundRatios.add(productRounds.get(i).fromRunning().ratioTo(bareRounds.get(i).fromRunning()));
      }
      // The last product round's state, closed cleanly: what a restart finds on disk.
      long stateBytes = DirectorySize.bytes(product.stateDir());
      Map<String, Long> changelogs = ChangelogBytes.perStore(stack.stack().bootstrapServers(), product.applicationId());
      System.out.println(ChangelogBytes.describe("product topology", changelogs, loaded));
      long changelogBytes = changelogs.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Double> perStore = new LinkedHashMap<>();
      changelogs.forEach((store, bytes) -> perStore.put(store, (double) bytes / loaded));

      String probe = stack.history().appId(0);
      AtomicReference<QueryLatency> latency = new AtomicReference<>();
      RestartTime kept = RestartTime.measure(
          "restart on the kept state", product, probe, run.timeout,
          app -> latency.set(QueryLatency.measure(
              QueryLatency.client(), "http://127.0.0.1:" + app.httpPort(), stack.history().appIds(), queryClients,
              run.pick(warmupQueries, 2_000, 500), run.pick(queries, 20_000, 2_000), run.timeout)));
      System.out.println(latency.get().ratio());
      RestartTime restored = RestartTime.measure(
          "restore into an empty state dir",
          product.toBuilder().stateDir(stack.stack().stateDir(product.applicationId() + "-restored")).build(),
          probe, run.timeout, app -> {});
      return new AppCount(
          appCount, loaded, stack.loaded().eventsPerSecond(),
          bare.fromRunning().eventsPerSecond(), graduation.fromRunning().eventsPerSecond(),
          graduation.fromRunning().ratioTo(bare.fromRunning()), roundRatios,
          graduation.cpu().appThreadNanos() / 1e3 / loaded,
          stateBytes, (double) stateBytes / appCount, (double) stateBytes / loaded,
          changelogBytes, (double) changelogBytes / loaded, perStore,
          kept, restored, restored.probeCalls() == kept.probeCalls(),
          LatencyFigures.of(latency.get().eligibility()), LatencyFigures.of(latency.get().liveness()));
    }
  }

  /**
   * The figures at one app count.
   *
   * @param ratio product / bare, of the median rounds from RUNNING
   * @param stateDirBytes the product's state directory after its last round, closed cleanly
   * @param restoredAnswerMatches the probe app's totals.calls after the restore equal the kept state's:
   *     a restore that answers something else would make its time meaningless
   */
  record AppCount(
      int apps, int events, double loadEventsPerSecond, double bareEventsPerSecond, double productEventsPerSecond,
      double ratio, List<Double> roundRatios, double productCpuMicrosPerEvent,
      long stateDirBytes, double stateBytesPerApp, double stateBytesPerEvent,
      long changelogBytes, double changelogBytesPerEvent, Map<String, Double> changelogBytesPerEventByStore,
      RestartTime restartKeptState, RestartTime restoreEmptyState, boolean restoredAnswerMatches,
      LatencyFigures eligibility, LatencyFigures healthLive) {

    List<String> row() {
      return List.of(
          String.format(Locale.ROOT, "%,d", apps),
          String.format(Locale.ROOT, "%,d", events),
          String.format(Locale.ROOT, "%,.0f", bareEventsPerSecond),
          String.format(Locale.ROOT, "%,.0f", productEventsPerSecond),
          String.format(Locale.ROOT, "%.1f %%", 100 * ratio),
          String.format(Locale.ROOT, "%,.0f", stateBytesPerApp),
          String.format(Locale.ROOT, "%,.1f", stateBytesPerEvent),
          String.format(Locale.ROOT, "%,.1f", changelogBytesPerEvent),
          String.format(Locale.ROOT, "%.2f", restartKeptState.toAnswerSeconds()),
          String.format(Locale.ROOT, "%.2f", restoreEmptyState.toAnswerSeconds()),
          String.format(Locale.ROOT, "%.2f", eligibility.p99Ms()),
          String.format(Locale.ROOT, "%.2f", healthLive.p99Ms()));
    }

    List<SuiteResult.Line> lines() {
      List<String> row = row();
      String at = " at " + row.get(0) + " apps";
      return List.of(
          new SuiteResult.Line("product / bare events/s" + at, row.get(3) + " / " + row.get(2) + " = " + row.get(4)),
          new SuiteResult.Line("state on disk" + at, row.get(5) + " B/app, " + row.get(6) + " B/event"),
          new SuiteResult.Line("changelogs" + at, row.get(7) + " B/event"),
          new SuiteResult.Line("to first answer, restart on kept / empty state" + at, row.get(8) + " s / " + row.get(9) + " s"),
          new SuiteResult.Line("eligibility p99" + at, row.get(10) + " ms (/health/live " + row.get(11) + " ms)"));
    }
  }
}
