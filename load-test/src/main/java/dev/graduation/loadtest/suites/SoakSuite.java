package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.Machine;
import dev.graduation.loadtest.StreamsCatchUp;
import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.health.StreamThreadFailures;
import dev.graduation.streams.topology.DeadLetterDeserializationHandler;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A fixed rate of live traffic through the full StreamsApp for a fixed time, sampled at a fixed
 * interval: heap after GC, RSS, state on disk, consumer lag, errors. The traffic goes to api-calls
 * through a KafkaProducer with ingest's settings, not through ingest's HTTP API: what is soaked is
 * the streams app, and ingest in this JVM would add its own memory to the heap and RSS measured
 * (ingest's throughput is IngestBenchmark's, its freshness the freshness suite's).
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "A fixed rate for a fixed time: heap after GC, RSS, state disk and consumer lag stay flat, no error."
        + " Exit code 1 on an error, 3 when a series is not flat.")
final class SoakSuite extends Suite {

  /** Some series is not flat (and no error happened). */
  static final int NOT_FLAT = 3;

  @Spec CommandSpec spec;
  @Mixin TrafficOptions traffic;
  @Mixin LoadOptions load;

  @Option(names = "--duration", converter = Durations.class, description = "How long the rate runs (default PT30M; --quick PT3M).")
  Duration duration;

  @Option(names = "--sample-every", defaultValue = "PT10S", converter = Durations.class, description = "Sampling interval; at least 3 samples.")
  Duration sampleEvery;

  @Option(names = "--tolerance", defaultValue = "0.10", description = "How much the last third's mean may exceed the middle third's.")
  double tolerance;

  @Override
  String name() {
    return "soak";
  }

  /**
   * One sample. {@code consumed} counts the api-calls events the app has committed since it
   * started (history included), {@code lag} those it has not yet.
   */
  record Sample(
      double seconds, long sent, long consumed, long lag, long heapAfterGcBytes, long residentBytes,
      long stateDirBytes, long deadLetterRecords, long threadFailures, String streamsState) {}

  /** What went wrong, if anything: every count must be 0 and the app caught up at the end. */
  record Errors(long failedSends, long deadLetterRecords, long threadFailures, List<String> streamsStates, boolean caughtUpAtEnd) {
    boolean any() {
      return failedSends > 0 || deadLetterRecords > 0 || threadFailures > 0 || !streamsStates.isEmpty() || !caughtUpAtEnd;
    }
  }

  @Override
  SuiteResult measure() throws Exception {
    Duration soak = run.pick(duration, Duration.ofMinutes(30), Duration.ofMinutes(3));
    long samples = soak.toMillis() / sampleEvery.toMillis();
    if (samples < 3) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--duration " + soak + " holds " + samples + " samples of --sample-every " + sampleEvery
              + "; a verdict needs at least 3");
    }
    System.out.println("soak: " + Machine.describe());
    int apps = run.pick(load.apps, 10_000, 1_000);
    try (LoadedStack stack = LoadedStack.start(traffic.history(apps, run.pick(load.maxEvents, 300_000, 100_000)))) {
      StreamsAppConfig config = stack.config("soak");
      double maximum = stack.maximumRate(config, run.timeout);
      double rate = load.rate(maximum);
      TrafficGenerator live = traffic.live(apps, rate, soak);
      stack.register(live);
      System.out.printf(Locale.ROOT, "soak: %,.0f events/s (%s) for %s, a sample every %s%n",
          rate, load.rateSource(), soak, sampleEvery);
      List<Sample> taken = new ArrayList<>();
      Errors errors;
      double achieved;
      try (StreamsApp app = stack.serve(config, run.timeout);
          Admin admin = StreamsCatchUp.admin(stack.stack().bootstrapServers());
          ProcessMemory memory = ProcessMemory.watch()) {
        List<String> badStates = new ArrayList<>();
        long failedSends;
        try (PacedLoad paced = PacedLoad.start(stack.stack(), live, rate)) {
          long start = System.nanoTime();
          for (int k = 1; k <= samples; k++) {
            long due = start + k * sampleEvery.toNanos();
            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
              LockSupport.parkNanos(left);
            }
            Sample sample = sample(app, config, admin, memory, paced, (System.nanoTime() - start) / 1e9);
            taken.add(sample);
            if (!sample.streamsState().equals(KafkaStreams.State.RUNNING.name())
                && !sample.streamsState().equals(KafkaStreams.State.REBALANCING.name())) {
              badStates.add(sample.streamsState() + " at " + Math.round(sample.seconds()) + " s");
            }
            System.out.printf(Locale.ROOT,
                "  %5.0f s: sent %,d, lag %,d, heap after GC %,.0f MiB, RSS %,.0f MiB, state %,.1f MiB, DLQ %d, thread failures %d, %s%n",
                sample.seconds(), sample.sent(), sample.lag(), sample.heapAfterGcBytes() / 1048576.0,
                sample.residentBytes() / 1048576.0, sample.stateDirBytes() / 1048576.0, sample.deadLetterRecords(),
                sample.threadFailures(), sample.streamsState());
          }
          achieved = paced.achievedRate();
          failedSends = paced.failed();
        }
        boolean caughtUp = caughtUp(admin, config);
        Sample last = sample(app, config, admin, memory, null, 0);
        errors = new Errors(failedSends, last.deadLetterRecords(), last.threadFailures(), badStates, caughtUp);
      }
      return result(taken, errors, maximum, rate, achieved, soak);
    }
  }

  private SuiteResult result(List<Sample> samples, Errors errors, double maximum, double rate, double achieved, Duration soak) {
    String relative = String.format(Locale.ROOT, "last <= middle x %.2f", 1 + tolerance);
    List<Flatness> series = List.of(
        Flatness.of("heap after GC", "MiB", mib(samples, Sample::heapAfterGcBytes), tolerance, 0, relative),
        Flatness.of("RSS", "MiB", mib(samples, Sample::residentBytes), tolerance, 0, relative),
        // State grows with what the windows retain (every call of the last days): flat means the
        // bytes per event consumed so far do not grow.
        Flatness.of("state disk per event", "B/event",
            values(samples, s -> (double) s.stateDirBytes() / Math.max(1, s.consumed())), tolerance, 0,
            relative + ", of bytes per event consumed (state grows with retained windows)"),
        // Lag is near 0 and jumps by a commit interval's events: allow one second of the rate.
        Flatness.of("consumer lag", "events", values(samples, s -> (double) s.lag()), tolerance, rate,
            relative + " + 1 s of the rate"));
    SuiteResult.printTable(List.of("series", "middle third mean", "last third mean", "change", "verdict", "criterion"),
        series.stream().map(Flatness::row).toList());
    System.out.printf(Locale.ROOT, "%nrate %,.0f events/s asked, %,.0f achieved; errors: %s%n", rate, achieved, errors);

    boolean flat = series.stream().allMatch(Flatness::flat);
    int exitCode = errors.any() ? SuiteResult.ERROR : flat ? 0 : NOT_FLAT;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("machine", Machine.describe());
    json.put("measuredMaximumEventsPerSecond", maximum);
    json.put("rateSource", load.rateSource());
    json.put("rateEventsPerSecond", rate);
    json.put("achievedEventsPerSecond", achieved);
    json.put("durationSeconds", soak.toSeconds());
    json.put("sampleEverySeconds", sampleEvery.toMillis() / 1000.0);
    json.put("sampleCount", samples.size());
    json.put("samples", samples);
    json.put("series", series);
    json.put("flat", flat);
    json.put("errors", errors);
    List<SuiteResult.Line> lines = new ArrayList<>();
    lines.add(new SuiteResult.Line("soak rate", String.format(
        Locale.ROOT, "%,.0f events/s (%s; maximum %,.0f) for %s", rate, load.rateSource(), maximum, soak)));
    series.forEach(s -> lines.add(new SuiteResult.Line(
        "soak: " + s.series(), String.format(Locale.ROOT, "%s (%+.1f %%)", s.verdict(), 100 * s.change()))));
    lines.add(new SuiteResult.Line("soak: errors", errors.any() ? errors.toString() : "none"));
    return new SuiteResult(name(), json, lines, exitCode);
  }

  private static Sample sample(
      StreamsApp app, StreamsAppConfig config, Admin admin, ProcessMemory memory, PacedLoad paced, double seconds) {
    Map<TopicPartition, Long> end = StreamsCatchUp.endOffsets(admin);
    long total = end.values().stream().mapToLong(Long::longValue).sum();
    long consumed = StreamsCatchUp.committed(admin, config.applicationId(), end);
    KafkaStreams streams = app.streams();
    return new Sample(
        seconds, paced == null ? 0 : paced.sent(), consumed, total - consumed, memory.heapAfterGcBytes(),
        ProcessMemory.residentBytes(), DirectorySize.bytes(config.stateDir()),
        count(app, DeadLetterDeserializationHandler.COUNTER_NAME), count(app, StreamThreadFailures.COUNTER_NAME),
        streams == null ? "NONE" : streams.state().name());
  }

  private static long count(StreamsApp app, String counter) {
    return Math.round(app.metrics().find(counter).counters().stream().mapToDouble(Counter::count).sum());
  }

  /** After the rate stops: the app commits the end of api-calls (within --timeout). */
  private boolean caughtUp(Admin admin, StreamsAppConfig config) {
    try {
      StreamsCatchUp.awaitCommitted(
          admin, config.applicationId(), StreamsCatchUp.endOffsets(admin), "soak, after the rate stopped",
          System.nanoTime(), run.timeout, () -> {});
      return true;
    } catch (IllegalStateException e) {
      System.out.println("ERROR: " + e.getMessage());
      return false;
    }
  }

  private static List<Double> mib(List<Sample> samples, ToDoubleFunction<Sample> bytes) {
    return values(samples, s -> bytes.applyAsDouble(s) / 1048576.0);
  }

  private static List<Double> values(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().map(s -> value.applyAsDouble(s)).toList();
  }
}
