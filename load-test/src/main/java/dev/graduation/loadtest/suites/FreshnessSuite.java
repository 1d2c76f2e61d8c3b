package dev.graduation.loadtest.suites;

import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.loadtest.BenchApps;
import dev.graduation.loadtest.Freshness;
import dev.graduation.loadtest.Machine;
import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Freshness under load: while live traffic runs at a fraction of the measured maximum (sent to
 * api-calls by a producer, apps of their own), single calls for apps of the history are posted to
 * ingest one at a time, each timed from ingest's 202 until the app's eligibility counts it
 * ({@link Freshness}, as QueryBenchmark measures it without load).
 */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Time from ingest's 202 to the call visible in eligibility, p50/p99, under background load.")
final class FreshnessSuite extends Suite {

  @Mixin TrafficOptions traffic;
  @Mixin LoadOptions load;

  @Option(names = "--samples", description = "Calls timed, one after the other (default 500; --quick 100).")
  Integer samples;

  @Override
  String name() {
    return "freshness";
  }

  @Override
  SuiteResult measure() throws Exception {
    System.out.println("freshness: " + Machine.describe());
    int apps = run.pick(load.apps, 10_000, 1_000);
    int timed = run.pick(samples, 500, 100);
    try (LoadedStack stack = LoadedStack.start(traffic.history(apps, run.pick(load.maxEvents, 300_000, 100_000)))) {
      StreamsAppConfig config = stack.config("freshness");
      double maximum = stack.maximumRate(config, run.timeout);
      double rate = load.rate(maximum);
      // Live traffic for as long as the suite may take; the generator wraps around after that.
      TrafficGenerator live = traffic.live(apps, rate, run.timeout);
      stack.register(live);
      Freshness freshness;
      double achieved;
      long failedSends;
      try (StreamsApp app = stack.serve(config, run.timeout);
          IngestServer ingest = IngestServer.start(IngestConfig.defaults()
              .withHost("127.0.0.1").withPort(0)
              .withBootstrapServers(stack.stack().bootstrapServers())
              .withSchemaRegistryUrl(stack.stack().schemaRegistryUrl())
              .withTokens(List.of(BenchApps.TOKEN)))) {
        System.out.printf(Locale.ROOT, "freshness: %d calls under %,.0f events/s (%s)%n", timed, rate, load.rateSource());
        try (PacedLoad paced = PacedLoad.start(stack.stack(), live, rate)) {
          freshness = Freshness.measure(
              "http://127.0.0.1:" + ingest.port(), List.of("http://127.0.0.1:" + app.httpPort()),
              stack.history().appIds(), timed, run.timeout);
          achieved = paced.achievedRate();
          failedSends = paced.failed();
        }
      }
      System.out.println(freshness);
      SuiteResult.printTable(
          List.of("background events/s", "calls", "p50 ms", "p90 ms", "p99 ms", "max ms"),
          List.of(List.of(
              String.format(Locale.ROOT, "%,.0f (%s)", achieved, load.rateSource()), Integer.toString(freshness.samples()),
              ms(freshness.p50Ms()), ms(freshness.p90Ms()), ms(freshness.p99Ms()), ms(freshness.maxMs()))));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("machine", Machine.describe());
      json.put("measuredMaximumEventsPerSecond", maximum);
      json.put("rateSource", load.rateSource());
      json.put("backgroundEventsPerSecond", rate);
      json.put("achievedBackgroundEventsPerSecond", achieved);
      json.put("failedSends", failedSends);
      json.put("freshness", freshness);
      List<SuiteResult.Line> lines = List.of(
          new SuiteResult.Line("freshness p50 / p99", ms(freshness.p50Ms()) + " ms / " + ms(freshness.p99Ms()) + " ms"),
          new SuiteResult.Line("freshness: background load", String.format(
              Locale.ROOT, "%,.0f events/s (%s; maximum %,.0f)", achieved, load.rateSource(), maximum)));
      return new SuiteResult(name(), json, lines, failedSends > 0 ? SuiteResult.ERROR : 0);
    }
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
