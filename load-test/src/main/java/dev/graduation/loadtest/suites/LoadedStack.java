package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.BenchApps;
import dev.graduation.loadtest.KafkaStack;
import dev.graduation.loadtest.RawProducer;
import dev.graduation.loadtest.StreamsCatchUp;
import dev.graduation.loadtest.Throughput;
import dev.graduation.loadtest.TrafficGenerator;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * The start every suite shares: a broker and registry in this JVM, the apps of {@code history}
 * registered and its events loaded into api-calls by a raw producer, then the product topology
 * run through them (its rate is the suite's measured maximum) and, where the suite needs the query
 * API, the full {@link StreamsApp} started on that state.
 */
final class LoadedStack implements AutoCloseable {

  private final KafkaStack stack;
  private final TrafficGenerator history;
  private final Throughput loaded;

  private LoadedStack(KafkaStack stack, TrafficGenerator history, Throughput loaded) {
    this.stack = stack;
    this.history = history;
    this.loaded = loaded;
  }

  static LoadedStack start(TrafficGenerator history) {
    KafkaStack stack = KafkaStack.start();
    try {
      Throughput loaded = BenchApps.load(stack, history, Math.toIntExact(history.settings().total()), event -> {});
      System.out.println(loaded);
      return new LoadedStack(stack, history, loaded);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  KafkaStack stack() {
    return stack;
  }

  TrafficGenerator history() {
    return history;
  }

  Throughput loaded() {
    return loaded;
  }

  /** The product's defaults on this stack under {@code applicationId}, with its own state directory. */
  StreamsAppConfig config(String applicationId) {
    return BenchApps.forApp(BenchApps.baseConfig(stack).build(), applicationId, stack);
  }

  /** Registers the apps of {@code traffic} (live traffic has apps of its own). */
  void register(TrafficGenerator traffic) {
    RawProducer.register(
        stack.bootstrapServers(), stack.serdeConfig(),
        IntStream.range(0, traffic.settings().apps()).mapToObj(traffic::registration).toList());
  }

  /**
   * The product topology through everything loaded, under {@code config}'s application id: the
   * maximum rate on this machine now, from RUNNING. It leaves its state and committed offsets for
   * {@link #serve}.
   */
  double maximumRate(StreamsAppConfig config, Duration timeout) {
    StreamsCatchUp.Result result = BenchApps.product("product topology (the maximum rate)", config, timeout);
    System.out.println(result.fromRunning());
    return result.fromRunning().eventsPerSecond();
  }

  /** The full StreamsApp on {@code config}'s state, once ready and caught up with api-calls. */
  StreamsApp serve(StreamsAppConfig config, Duration timeout) throws InterruptedException {
    return BenchApps.serve(stack, config, timeout);
  }

  @Override
  public void close() {
    stack.close();
  }
}
