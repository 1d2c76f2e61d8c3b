package dev.graduation.loadtest;

import dev.graduation.events.ApiCallEvent;
import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.catalog.EndpointCatalog;
import dev.graduation.streams.topology.GraduationTopology;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * What every topology figure is made of: generated traffic loaded into api-calls on a {@link
 * KafkaStack}, then the product topology and the bare EOS windowed count (its same-run baseline)
 * run over it with the product's own Kafka Streams settings, so that the two differ only in their
 * topology.
 */
public final class BenchApps {

  /** The query token every benchmark's streams-app and ingest accept. */
  public static final String TOKEN = "bench-query-token";

  private BenchApps() {}

  /**
   * The product's defaults on this stack: HTTP on 127.0.0.1, an ephemeral port, the bench token.
   * Callers set the application id and state directory ({@link #forApp}).
   */
  public static StreamsAppConfig.Builder baseConfig(KafkaStack stack) {
    return StreamsAppConfig.defaults().toBuilder()
        .bootstrapServers(stack.bootstrapServers())
        .schemaRegistryUrl(stack.schemaRegistryUrl())
        .httpHost("127.0.0.1")
        .httpPort(0)
        .advertisedHost("127.0.0.1")
        .queryTokens(List.of(TOKEN));
  }

  /** {@code base} under {@code applicationId}, with a state directory of its own in the stack. */
  public static StreamsAppConfig forApp(StreamsAppConfig base, String applicationId, KafkaStack stack) {
    return base.toBuilder().applicationId(applicationId).stateDir(stack.stateDir(applicationId)).build();
  }

  /** Registers the apps of {@code traffic} and sends its first {@code events} events (baseline #0). */
  public static Throughput load(KafkaStack stack, TrafficGenerator traffic, int events, Consumer<ApiCallEvent> adjust) {
    RawProducer.register(
        stack.bootstrapServers(), stack.serdeConfig(),
        IntStream.range(0, traffic.settings().apps()).mapToObj(traffic::registration).toList());
    long generating = System.nanoTime();
    List<ApiCallEvent> load = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      ApiCallEvent event = traffic.event(i);
      adjust.accept(event);
      load.add(event);
    }
    System.out.println(new Throughput("generator (not part of any figure)", events, System.nanoTime() - generating));
    return RawProducer.send("#0 raw KafkaProducer -> api-calls", stack.bootstrapServers(), stack.serdeConfig(), load);
  }

  /** The product topology through all of api-calls, as a bare KafkaStreams (no query API). */
  public static StreamsCatchUp.Result product(String name, StreamsAppConfig config, Duration timeout) {
    return StreamsCatchUp.run(
        name,
        GraduationTopology.build(config.topologySettings(), EndpointCatalog.load(), Clock.systemUTC()),
        properties(config),
        timeout);
  }

  /**
   * The full StreamsApp (query API and all) on {@code config}'s state, returned once
   * {@code /health/ready} answers and its group has committed the end of api-calls.
   */
  public static StreamsApp serve(KafkaStack stack, StreamsAppConfig config, Duration timeout)
      throws InterruptedException {
    long starting = System.nanoTime();
    StreamsApp app = StreamsApp.start(config, Clock.systemUTC());
    try (Admin admin = StreamsCatchUp.admin(stack.bootstrapServers())) {
      QueryLatency.awaitReady(
          QueryLatency.client(), URI.create("http://127.0.0.1:" + app.httpPort() + "/health/ready"), starting, timeout);
      StreamsCatchUp.awaitCommitted(
          admin, config.applicationId(), StreamsCatchUp.endOffsets(admin), "StreamsApp", starting, timeout, () -> {});
      System.out.printf(Locale.ROOT, "StreamsApp ready on %s's state after %.2f s%n",
          config.applicationId(), (System.nanoTime() - starting) / 1e9);
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  /** The bare EOS windowed count through all of api-calls, with {@code config}'s settings. */
  public static StreamsCatchUp.Result bare(String name, StreamsAppConfig config, Duration timeout) {
    return StreamsCatchUp.run(name, bareCount(), properties(config), timeout);
  }

  /**
   * The product's own Kafka Streams settings (threads, exactly_once_v2, commit interval, cache,
   * producer linger and compression), without the query API's application.server.
   */
  public static Properties properties(StreamsAppConfig config) {
    Properties props = config.streamsProperties();
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
}
