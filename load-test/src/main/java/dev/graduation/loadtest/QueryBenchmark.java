package dev.graduation.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graduation.events.ApiCallEvent;
import dev.graduation.events.AppRegistration;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.query.StandbyPolicy;
import dev.graduation.streams.topology.GraduationTopology;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Eligibility queries per second against the same server's {@code /health/live} (issue 19), by
 * {@code wrk} in its own process: two streams-app instances (no standbys, so a key the asked
 * instance does not own is forwarded) on the embedded broker, realistic apps (by default 200 apps,
 * 1,000 calls each over 40 hours, the generator's 19 endpoints and 10 permissions), every app
 * counted before the first request. For each connection count: {@code /health/live}, eligibility
 * of keys the asked instance owns (local), and of keys the other one owns (forwarded), all asked
 * of the same instance. Then freshness: with ingest in process and a third instance joined,
 * single calls are posted to ingest one at a time and each is timed from ingest's 202 until
 * eligibility on a round-robin instance (forwarding where it does not own the app) shows it.
 * Prints a table and writes it as JSON.
 */
@Command(
    name = "query-benchmark",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Eligibility req/s and latency (local and forwarded keys) against /health/live, measured by wrk.")
public final class QueryBenchmark implements Callable<Integer> {

  private static final String TOKEN = BenchApps.TOKEN;
  private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

  @Option(names = "--apps", defaultValue = "200", description = "Apps in the traffic.")
  int apps;

  @Option(names = "--calls-per-app", defaultValue = "1000", description = "Calls per app (on average).")
  int callsPerApp;

  @Option(names = "--span", defaultValue = "PT40H", description = "Event times go back this far from now.")
  Duration span;

  @Option(names = "--seed", defaultValue = "20261207", description = "Traffic seed.")
  long seed;

  @Option(names = "--connections", split = ",", defaultValue = "8,64", description = "wrk connection counts.")
  List<Integer> connections;

  @Option(names = "--duration", defaultValue = "10s", description = "wrk duration per measurement (wrk syntax).")
  String duration;

  @Option(names = "--warmup", defaultValue = "5s", description = "Unrecorded wrk run per target first (JIT, connection pools, kept answers).")
  String warmup;

  @Option(names = "--wrk-threads", defaultValue = "2", description = "wrk threads.")
  int wrkThreads;

  @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk executable (Debian: apt-get install wrk).")
  String wrk;

  @Option(names = "--json", defaultValue = "target/query-benchmark.json", description = "Where the figures are written.")
  Path json;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "Longest wait for the traffic to be counted.")
  Duration timeout;

  @Option(names = "--freshness-samples", defaultValue = "200", description = "Calls timed from 202 to visible (0: skip).")
  int freshnessSamples;

  /** One wrk measurement. */
  record Figure(String target, int connections, double requestsPerSecond, double p50Ms, double p90Ms, double p99Ms, long non2xx) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.println(Machine.describe());
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    TrafficGenerator traffic =
        new TrafficGenerator(new TrafficGenerator.Settings(seed, apps, (long) apps * callsPerApp, end, span));
    try (KafkaStack stack = KafkaStack.start()) {
      List<ApiCallEvent> events = new ArrayList<>();
      for (long i = 0; i < (long) apps * callsPerApp; i++) {
        events.add(traffic.event(i));
      }
      List<AppRegistration> registrations = IntStream.range(0, apps).mapToObj(traffic::registration).toList();
      RawProducer.register(stack.bootstrapServers(), stack.serdeConfig(), registrations);
      System.out.println(RawProducer.send("load api-calls", stack.bootstrapServers(), stack.serdeConfig(), events));

      StreamsAppConfig base = BenchApps.baseConfig(stack)
          .applicationId("query-benchmark")
          .standbys(new StandbyPolicy(0, StandbyPolicy.DEFAULTS.maxLag()))
          .build();
      long starting = System.nanoTime();
      try (StreamsApp asked = StreamsApp.start(base.toBuilder().stateDir(stack.stateDir("asked")).build(), Clock.systemUTC());
          StreamsApp other = StreamsApp.start(base.toBuilder().stateDir(stack.stateDir("other")).build(), Clock.systemUTC());
          Admin admin = StreamsCatchUp.admin(stack.bootstrapServers())) {
        StreamsCatchUp.awaitCommitted(
            admin, "query-benchmark", StreamsCatchUp.endOffsets(admin), "two instances", starting, timeout, () -> {});
        String base1 = "http://127.0.0.1:" + asked.httpPort();
        List<String> local = new ArrayList<>();
        List<String> forwarded = new ArrayList<>();
        awaitAnswered(base1, traffic.appIds());
        for (String appId : traffic.appIds()) {
          int owner = asked.streams()
              .queryMetadataForKey(GraduationTopology.HOURLY_STORE, appId, new StringSerializer())
              .activeHost().port();
          (owner == asked.httpPort() ? local : forwarded).add(appId);
        }
        System.out.printf(Locale.ROOT, "%d apps counted in %.1f s: %d owned by the asked instance, %d by the other%n",
            apps, (System.nanoTime() - starting) / 1e9, local.size(), forwarded.size());

        for (List<String> target : List.of(List.of("/health/live"), paths(local), paths(forwarded))) {
          run("(warm-up)", connections.get(0), base1, target, warmup);
        }
        List<Figure> figures = new ArrayList<>();
        for (int n : connections) {
          figures.add(run("/health/live", n, base1, List.of("/health/live"), duration));
          figures.add(run("eligibility, local key", n, base1, paths(local), duration));
          figures.add(run("eligibility, forwarded key", n, base1, paths(forwarded), duration));
        }
        Freshness freshness = null;
        if (freshnessSamples > 0) {
          try (StreamsApp third = StreamsApp.start(base.toBuilder().stateDir(stack.stateDir("third")).build(), Clock.systemUTC());
              IngestServer ingest = IngestServer.start(IngestConfig.defaults()
                  .withHost("127.0.0.1").withPort(0)
                  .withBootstrapServers(stack.bootstrapServers())
                  .withSchemaRegistryUrl(stack.schemaRegistryUrl())
                  .withTokens(List.of(TOKEN)))) {
            List<String> queryUrls = List.of(base1, "http://127.0.0.1:" + other.httpPort(), "http://127.0.0.1:" + third.httpPort());
            awaitAnswered(queryUrls.get(2), traffic.appIds());
            freshness = Freshness.measure(
                "http://127.0.0.1:" + ingest.port(), queryUrls, traffic.appIds(), freshnessSamples, timeout);
            System.out.println("  " + freshness);
          }
        }
        report(figures, freshness);
      }
    }
    return 0;
  }

  private static List<String> paths(List<String> appIds) {
    return appIds.stream().map(appId -> "/v1/apps/" + appId + "/eligibility").toList();
  }

  /** Every app answered 200 once: what wrk measures is then the steady state. */
  private void awaitAnswered(String base, List<String> appIds) throws Exception {
    HttpClient http = QueryLatency.client();
    for (String appId : appIds) {
      QueryLatency.awaitAnswer(http, base, appId, System.nanoTime() + timeout.toNanos());
    }
  }

  /** wrk with a script cycling through {@code paths} with the token; its summary parsed. */
  private Figure run(String target, int n, String base, List<String> paths, String duration)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("query-benchmark", ".lua");
    StringBuilder lua = new StringBuilder("local paths = {\n");
    paths.forEach(path -> lua.append("  \"").append(path).append("\",\n"));
    lua.append("}\nlocal i = 0\n")
        .append("wrk.headers[\"Authorization\"] = \"Bearer ").append(TOKEN).append("\"\n")
        .append("request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
    Files.writeString(script, lua);
    Process process = new ProcessBuilder(
            wrk, "-t" + Math.min(wrkThreads, n), "-c" + n, "-d" + duration, "--latency", "-s", script.toString(), base)
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    Files.delete(script);
    Map<String, Double> percentiles = new LinkedHashMap<>();
    Matcher m = PERCENTILE.matcher(output);
    while (m.find()) {
      double value = Double.parseDouble(m.group(2));
      percentiles.put(m.group(1), switch (m.group(3)) {
        case "us" -> value / 1000;
        case "s" -> value * 1000;
        default -> value;
      });
    }
    Matcher rate = REQUESTS.matcher(output);
    Matcher errors = NON_2XX.matcher(output);
    if (!rate.find() || percentiles.size() != 3) {
      throw new IllegalStateException("unexpected wrk output:\n" + output);
    }
    Figure figure = new Figure(target, n, Double.parseDouble(rate.group(1)),
        percentiles.get("50"), percentiles.get("90"), percentiles.get("99"), errors.find() ? Long.parseLong(errors.group(1)) : 0);
    System.out.printf(Locale.ROOT, "  %-28s %3d connections: %,10.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  non-2xx %d%n",
        figure.target(), n, figure.requestsPerSecond(), figure.p50Ms(), figure.p90Ms(), figure.p99Ms(), figure.non2xx());
    return figure;
  }

  private void report(List<Figure> figures, Freshness freshness) throws IOException {
    System.out.println();
    System.out.println("| target | connections | req/s | ratio to /health/live | p50 ms | p90 ms | p99 ms | non-2xx |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Figure figure : figures) {
      double live = figures.stream()
          .filter(f -> f.target().equals("/health/live") && f.connections() == figure.connections())
          .findFirst().orElseThrow().requestsPerSecond();
      System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %.1f %% | %.2f | %.2f | %.2f | %d |%n",
          figure.target(), figure.connections(), figure.requestsPerSecond(), 100 * figure.requestsPerSecond() / live,
          figure.p50Ms(), figure.p90Ms(), figure.p99Ms(), figure.non2xx());
    }
    Files.createDirectories(json.toAbsolutePath().getParent());
    if (freshness != null) {
      System.out.println();
      System.out.println(freshness);
    }
    Map<String, Object> written = new LinkedHashMap<>();
    written.put("queries", figures);
    written.put("freshness", freshness);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), written);
    System.out.println("written to " + json);
  }
}
