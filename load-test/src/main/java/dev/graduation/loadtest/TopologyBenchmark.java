package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.topology.GraduationTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.TimeWindows;
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

  private static final String TOKEN = "bench-query-token";

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

      RawProducer.register(
          stack.bootstrapServers(), serdeConfig, IntStream.range(0, apps).mapToObj(traffic::registration).toList());
      Throughput producer = preload(stack, traffic);
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
            StreamsCatchUp.run("(a) bare EOS windowed count, " + name, bareCount(), properties(base, bareId, stack), timeout);
        print(bare);
        System.out.println(ChangelogBytes.describe(
            "(a) " + name, ChangelogBytes.perStore(stack.bootstrapServers(), bareId), events));
        if (typedCount) {
          String typedId = "bench-typed-count-" + (round + warmupRounds);
          StreamsCatchUp.Result typed = StreamsCatchUp.run(
              "(a') typed EOS windowed count, " + name, typedCount(serdeConfig), properties(base, typedId, stack), timeout);
          print(typed);
          if (round > 0) {
            typedRounds.add(typed);
          }
        }
        String productId = "bench-graduation-" + (round + warmupRounds);
        product = base.toBuilder().applicationId(productId).stateDir(stack.stateDir(productId)).build();
        Properties productProps = product.streamsProperties();
        productProps.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        StreamsCatchUp.Result graduation =
            StreamsCatchUp.run(
                "(b) product topology, " + name,
                GraduationTopology.build(product.topologySettings(), EndpointCatalog.load(), Clock.systemUTC()),
                productProps,
                timeout);
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

  /** Baseline #0: the events, generated beforehand (untimed), sent by a raw KafkaProducer. */
  private Throughput preload(KafkaStack stack, TrafficGenerator traffic) {
    long generating = System.nanoTime();
    List<ApiCallEvent> load = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      ApiCallEvent event = traffic.event(i);
      if (dropLatency) {
        event.setLatencyMs(null);
      }
      load.add(event);
    }
    System.out.println(new Throughput("generator (not part of any figure)", events, System.nanoTime() - generating));
    return RawProducer.send("#0 raw KafkaProducer -> api-calls", stack.bootstrapServers(), stack.serdeConfig(), load);
  }

  private StreamsAppConfig baseConfig(KafkaStack stack) {
    StreamsAppConfig.Builder builder = StreamsAppConfig.defaults().toBuilder()
        .bootstrapServers(stack.bootstrapServers())
        .schemaRegistryUrl(stack.schemaRegistryUrl())
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .queryTokens(List.of(TOKEN));
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

  /**
   * The product's own Kafka Streams settings (threads, exactly_once_v2, commit interval, cache,
   * producer linger and compression), so the two apps differ only in their topology.
   */
  private static Properties properties(StreamsAppConfig base, String applicationId, KafkaStack stack) {
    Properties props = base.toBuilder()
        .applicationId(applicationId)
        .stateDir(stack.stateDir(applicationId))
        .build()
        .streamsProperties();
    props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return props;
  }

  /** The least a windowed app can do: count records per key and hour, values never read. */
  static Topology bareCount() {
    return hourlyCount(Consumed.with(Serdes.String(), Serdes.ByteArray()));
  }

  /** (a') The same count over decoded events: what a count written with the topic's serdes does. */
  static Topology typedCount(Map<String, Object> serdeConfig) {
    return hourlyCount(Consumed.with(Serdes.String(), Topics.API_CALLS.valueSerde(serdeConfig)));
  }

  private static Topology hourlyCount(Consumed<String, ?> consumed) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.API_CALLS.name(), consumed)
        .groupByKey()
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), Duration.ofDays(7)))
        .count();
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
    List<StreamsCatchUp.Result> sorted = new ArrayList<>(rounds);
    sorted.sort(java.util.Comparator.comparingDouble(result -> result.fromRunning().eventsPerSecond()));
    StreamsCatchUp.Result median = sorted.get(sorted.size() / 2);
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
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    long starting = System.nanoTime();
    try (StreamsApp app = StreamsApp.start(product, Clock.systemUTC());
        Admin admin = StreamsCatchUp.admin(stack.bootstrapServers())) {
      String base = "http://127.0.0.1:" + app.httpPort();
      awaitReady(http, URI.create(base + "/health/ready"), starting);
      Map<TopicPartition, Long> endOffsets = StreamsCatchUp.endOffsets(admin);
      StreamsCatchUp.awaitCommitted(
          admin, product.applicationId(), endOffsets, "StreamsApp", starting, timeout, () -> {});
      System.out.printf(Locale.ROOT, "StreamsApp ready on (b)'s state after %.2f s%n", (System.nanoTime() - starting) / 1e9);

      HttpRequest live = HttpRequest.newBuilder(URI.create(base + "/health/live")).GET().build();
      HttpLoad.Result liveness = HttpLoad.run(
          "GET /health/live", http, queryClients, warmupQueries, queries, i -> live, 200, timeout);
      System.out.println(liveness);

      List<HttpRequest> eligibility = traffic.appIds().stream()
          .map(appId -> HttpRequest.newBuilder(URI.create(base + "/v1/apps/" + appId + "/eligibility"))
              .header("Authorization", "Bearer " + TOKEN)
              .GET()
              .build())
          .toList();
      HttpLoad.Result query = HttpLoad.run(
          "GET /v1/apps/{id}/eligibility", http, queryClients, warmupQueries, queries,
          i -> eligibility.get(i % eligibility.size()), 200, timeout);
      System.out.println(query);
      String ratio = String.format(
          Locale.ROOT,
          "eligibility vs /health/live on the same server (%d clients): p50 %.1fx, p99 %.1fx, throughput %.1f %%",
          queryClients, query.millisAt(50) / liveness.millisAt(50), query.millisAt(99) / liveness.millisAt(99),
          100 * query.requestsPerSecond() / liveness.requestsPerSecond());
      System.out.println(ratio);
      figures.add(liveness.toString());
      figures.add(query.toString());
      figures.add(ratio);
    }
  }

  private void awaitReady(HttpClient http, URI ready, long start) throws Exception {
    long deadline = start + timeout.toNanos();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
    while (true) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // Not listening yet: ask again until the deadline.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(ready + " not ready within " + timeout);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
