package dev.graduation.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.events.ApiCallEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest throughput (issue 4) against a raw KafkaProducer on the same broker in the same run.
 *
 * <p>Starts {@link IngestBenchmarkServer} (broker + schema registry + ingest) as a separate
 * process, then from this process: (a) sends N generated events with a raw KafkaProducer doing
 * the same Kafka work as ingest (Avro, acks=all, idempotent, same batching), and (b) posts the
 * same N events to ingest as NDJSON batches from C concurrent connections. Both are preceded by
 * an untimed warm-up of the same kind. Events and request bodies are generated before the clocks
 * start. Reports events/s of each and (b)/(a), target &gt;= 50 %; checks that every event of (b)
 * was accepted (202, none rejected) and that api-calls holds every event sent.
 */
@Command(
    name = "ingest-benchmark",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "NDJSON over HTTP to ingest (another process) vs a raw KafkaProducer, same broker.")
public final class IngestBenchmark implements Callable<Integer> {

  private static final String TOKEN = "bench-ingest-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--events", defaultValue = "500000", description = "Events per measured phase.")
  int events;

  @Option(names = "--warmup-events", defaultValue = "200000", description = "Untimed events before each phase.")
  int warmupEvents;

  @Option(names = "--rounds", defaultValue = "5", description = "Alternating (a), (b) rounds; medians are compared.")
  int rounds;

  @Option(names = "--batch", defaultValue = "1000", description = "Events per POST.")
  int batch;

  /**
   * 8 by default, as a gateway (or several) posting from several workers would. A request waits for
   * Kafka's acknowledgement of its last event before its 202 (linger 5 ms and a produce round trip,
   * about as long as reading and producing its 1,000 events takes): with 4 connections every one
   * was sometimes waiting at once and the two cores were idle ~13 % of (b); with 8 they stay busy.
   */
  @Option(
      names = "--connections",
      defaultValue = "8",
      description = "Concurrent HTTP connections to ingest (a gateway posting from several workers).")
  int connections;

  @Option(names = "--apps", defaultValue = "500", description = "Distinct apps in the traffic.")
  int apps;

  @Option(names = "--seed", defaultValue = "20261125", description = "Traffic seed.")
  long seed;

  @Option(names = "--span", defaultValue = "PT36H", description = "Event times go back this far from now.")
  Duration span;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "Longest any one phase may take.")
  Duration timeout;

  @Option(
      names = "--server-java-option",
      description = "Extra JVM option for the server process (repeatable), e.g. -XX:StartFlightRecording=filename=ingest.jfr.")
  List<String> serverJavaOptions = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // (b) posts with HttpURLConnection, not java.net.http.HttpClient: it sends each request on the
    // calling thread, where HttpClient copies the body into 16 KiB buffers and hands each exchange
    // between its selector and worker threads; on 2 cores that cost ~0.5 us per event of this
    // process's CPU, which (b) counts. Its keep-alive cache (read once, before the first
    // connection) must hold every connection between two requests.
    System.setProperty("http.maxConnections", Integer.toString(Math.max(5, connections)));
    // Event times must pass ingest's bounds (<= 5 min ahead, <= 30 days old): end them now.
    Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TrafficGenerator traffic = new TrafficGenerator(new TrafficGenerator.Settings(seed, apps, events, end, span));
    System.out.println("Ingest benchmark: " + Machine.describe());
    System.out.printf(
        Locale.ROOT, "Traffic: %,d events (+%,d warm-up), %d apps, seed %d; %,d events per POST, %d connections%n",
        events, warmupEvents, apps, seed, batch, connections);

    List<ApiCallEvent> warmup = generate(traffic, events, warmupEvents);
    List<ApiCallEvent> measured = generate(traffic, 0, events);
    List<byte[]> warmupBodies = bodies(warmup);
    List<byte[]> measuredBodies = bodies(measured);

    List<String> figures = new ArrayList<>();
    try (ServerProcess server = ServerProcess.start(timeout, serverJavaOptions)) {
      System.out.println("Server process " + server.pid() + ": broker " + server.bootstrapServers()
          + ", registry " + server.schemaRegistryUrl() + ", ingest port " + server.ingestPort());
      URL url = URI.create("http://127.0.0.1:" + server.ingestPort() + "/v1/events").toURL();

      RawProducer.send("warm-up", server.bootstrapServers(), server.serdeConfig(), warmup);
      post("warm-up", url, warmupBodies, warmupEvents);

      // (a) and (b) alternate, so that a burst of load from elsewhere on the machine hits both.
      List<Phase> raw = new ArrayList<>();
      List<Phase> ingest = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        int round = r;
        Phase a = Phase.measure(server, () -> RawProducer.send(
            "(a) raw KafkaProducer, round " + round, server.bootstrapServers(), server.serdeConfig(), measured));
        System.out.println(a);
        Phase b = Phase.measure(server, () -> post(
            "(b) NDJSON POST /v1/events, round " + round, url, measuredBodies, events));
        System.out.println(b);
        raw.add(a);
        ingest.add(b);
      }
      List<Throughput> breakdown = breakdown(server, measured);
      breakdown.forEach(System.out::println);

      long expected = (2L * rounds + 1) * events + 2L * warmupEvents;
      try (Admin admin = StreamsCatchUp.admin(server.bootstrapServers())) {
        long inTopic = StreamsCatchUp.endOffsets(admin).values().stream().mapToLong(Long::longValue).sum();
        if (inTopic != expected) {
          throw new IllegalStateException("api-calls holds " + inTopic + " events, expected " + expected);
        }
        System.out.printf(Locale.ROOT, "api-calls holds %,d events, exactly as sent (all phases and warm-ups)%n", inTopic);
      }
      Phase rawMedian = Phase.median(raw);
      Phase ingestMedian = Phase.median(ingest);
      String ratio = String.format(
          Locale.ROOT,
          "ratio (b)/(a) of the median rounds = %.1f %% (rounds: %s); target >= 50 %%%n"
              + "CPU per event, both processes (client + broker + ingest): (a) %.1f us, (b) %.1f us = %.1fx",
          100 * ingestMedian.throughput().ratioTo(rawMedian.throughput()),
          IntStream.range(0, rounds)
              .mapToObj(r -> String.format(Locale.ROOT, "%.0f %%", 100 * ingest.get(r).throughput().ratioTo(raw.get(r).throughput())))
              .collect(Collectors.joining(", ")),
          rawMedian.cpuMicrosPerEvent(), ingestMedian.cpuMicrosPerEvent(),
          ingestMedian.cpuMicrosPerEvent() / rawMedian.cpuMicrosPerEvent());
      System.out.println(ratio);
      raw.forEach(phase -> figures.add(phase.toString()));
      ingest.forEach(phase -> figures.add(phase.toString()));
      breakdown.forEach(line -> figures.add(line.toString()));
      figures.add(ratio);
    }
    System.out.println();
    System.out.println("=== Summary (" + Machine.loadAverage() + " at the end) ===");
    figures.forEach(System.out::println);
    return 0;
  }

  /** Where (a)'s time goes: (a1) serialisation alone, (a2) the producer with ready bytes. */
  private List<Throughput> breakdown(ServerProcess server, List<ApiCallEvent> measured) {
    long serializing = System.nanoTime();
    List<byte[]> values = RawProducer.serialize(server.serdeConfig(), measured);
    Throughput avro = new Throughput("    (a1) Avro serialisation alone", events, System.nanoTime() - serializing);
    Throughput bytes = RawProducer.sendBytes(
        "    (a2) raw KafkaProducer, values pre-serialised", server.bootstrapServers(), measured, values);
    return List.of(avro, bytes);
  }

  private static List<ApiCallEvent> generate(TrafficGenerator traffic, long from, int count) {
    List<ApiCallEvent> events = new ArrayList<>(count);
    for (long i = from; i < from + count; i++) {
      events.add(traffic.event(i));
    }
    return events;
  }

  private List<byte[]> bodies(List<ApiCallEvent> events) {
    List<byte[]> bodies = new ArrayList<>();
    for (int from = 0; from < events.size(); from += batch) {
      bodies.add(Ndjson.body(events.subList(from, Math.min(events.size(), from + batch))));
    }
    return bodies;
  }

  /** Posts every body from {@code connections} threads; fails unless all events are accepted. */
  private Throughput post(String name, URL url, List<byte[]> bodies, int eventCount)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Long>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < connections; c++) {
        workers.add(pool.submit(() -> {
          long accepted = 0;
          for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
            accepted += postOne(url, bodies.get(i));
          }
          return accepted;
        }));
      }
      long accepted = 0;
      long deadline = start + timeout.toNanos();
      for (Future<Long> worker : workers) {
        accepted += worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      long nanos = System.nanoTime() - start;
      if (accepted != eventCount) {
        throw new IllegalStateException(name + ": ingest accepted " + accepted + " of " + eventCount + " events");
      }
      return new Throughput(name, accepted, nanos);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not finish within " + timeout, e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Posts one body on a kept-alive connection; the number of events ingest accepted. */
  private static long postOne(URL url, byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(60_000);
    connection.setRequestMethod("POST");
    connection.setRequestProperty("Content-Type", "application/x-ndjson");
    connection.setRequestProperty("Authorization", "Bearer " + TOKEN);
    connection.setDoOutput(true);
    // Not setFixedLengthStreamingMode: before a streamed POST on a kept-alive connection, the JDK
    // probes the connection with a 1 ms read timeout, i.e. a wait and a SocketTimeoutException per
    // request. Buffered, the body is copied once more instead (140 us less CPU per request of
    // 1,000 events, client and server together, and half the time per request).
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    int status = connection.getResponseCode();
    String answerText;
    // Read to the end and close: that returns the connection to the keep-alive cache.
    try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      answerText = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (status != 202) {
      throw new IllegalStateException("ingest answered " + status + ": " + answerText);
    }
    JsonNode answer = JSON.readTree(answerText);
    if (!answer.path("rejected").isEmpty()) {
      throw new IllegalStateException("ingest rejected events: " + answer.path("rejected"));
    }
    return answer.path("accepted").asLong();
  }

  /** One measured phase: its rate, and the CPU both processes spent in it. */
  record Phase(Throughput throughput, long cpuNanos, long serverCpuNanos) {

    static Phase measure(ServerProcess server, ThrowingSupplier<Throughput> run) throws Exception {
      long cpuBefore = server.cpuNanosOfBoth();
      long serverCpuBefore = server.cpuNanosOfServer();
      Throughput throughput = run.get();
      return new Phase(
          throughput, server.cpuNanosOfBoth() - cpuBefore, server.cpuNanosOfServer() - serverCpuBefore);
    }

    /** The phase with the median rate. */
    static Phase median(List<Phase> phases) {
      List<Phase> sorted = new ArrayList<>(phases);
      sorted.sort(Comparator.comparingDouble(phase -> phase.throughput().eventsPerSecond()));
      return sorted.get(sorted.size() / 2);
    }

    double cpuMicrosPerEvent() {
      return cpuNanos / 1e3 / throughput.events();
    }

    /** The part of {@link #cpuMicrosPerEvent} spent in the server process (broker + registry + ingest). */
    double serverCpuMicrosPerEvent() {
      return serverCpuNanos / 1e3 / throughput.events();
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%s; CPU %.1f us/event (client %.1f + server %.1f)", throughput, cpuMicrosPerEvent(),
          cpuMicrosPerEvent() - serverCpuMicrosPerEvent(), serverCpuMicrosPerEvent());
    }
  }

  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  /**
   * The {@link IngestBenchmarkServer} child process. Always gone after {@link #close()}, and after
   * this JVM exits in any ordinary way (a shutdown hook kills it); if this JVM is killed outright,
   * the child sees its stdin close and exits, and at the latest after its max lifetime.
   */
  static final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final Thread killer;
    private final String[] ready;

    private ServerProcess(Process process, Thread killer, String[] ready) {
      this.process = process;
      this.killer = killer;
      this.ready = ready;
    }

    static ServerProcess start(Duration phaseTimeout, List<String> javaOptions) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(javaOptions);
      command.addAll(List.of(
          "-cp", System.getProperty("java.class.path"), IngestBenchmarkServer.class.getName(),
          "--token", TOKEN, "--max-lifetime", phaseTimeout.multipliedBy(4).toString()));
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Thread killer = new Thread(() -> kill(process), "kill-ingest-benchmark-server");
      Runtime.getRuntime().addShutdownHook(killer);
      CompletableFuture<String[]> readyLine = new CompletableFuture<>();
      Thread reader = new Thread(() -> forward(process, readyLine), "ingest-benchmark-server-stdout");
      reader.setDaemon(true);
      reader.start();
      try {
        String[] ready = readyLine.get(120, TimeUnit.SECONDS);
        return new ServerProcess(process, killer, ready);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        kill(process);
        Runtime.getRuntime().removeShutdownHook(killer);
        throw new IllegalStateException("The ingest benchmark server did not start", e);
      }
    }

    /** Echoes the child's stdout, and hands over its READY line. */
    private static void forward(Process process, CompletableFuture<String[]> readyLine) {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(IngestBenchmarkServer.READY + " ")) {
            readyLine.complete(line.split(" "));
          } else {
            System.out.println("[server] " + line);
          }
        }
      } catch (IOException e) {
        readyLine.completeExceptionally(e);
      }
      readyLine.completeExceptionally(new IllegalStateException("the server closed its stdout"));
    }

    long pid() {
      return process.pid();
    }

    /** CPU time used so far by this process and the server process together. */
    long cpuNanosOfBoth() {
      return cpuNanos(ProcessHandle.current()) + cpuNanos(process.toHandle());
    }

    /** CPU time used so far by the server process alone. */
    long cpuNanosOfServer() {
      return cpuNanos(process.toHandle());
    }

    private static long cpuNanos(ProcessHandle handle) {
      return handle.info().totalCpuDuration().map(Duration::toNanos).orElseThrow(
          () -> new IllegalStateException("The OS does not report the CPU time of process " + handle.pid()));
    }

    String bootstrapServers() {
      return ready[1];
    }

    String schemaRegistryUrl() {
      return ready[2];
    }

    int ingestPort() {
      return Integer.parseInt(ready[3]);
    }

    Map<String, Object> serdeConfig() {
      return Map.of(dev.graduation.schemas.AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl());
    }

    @Override
    public void close() {
      kill(process);
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook runs anyway, harmlessly.
      }
    }

    /** Asks the child to stop (stdin closed, then SIGTERM) and forces it after 30 s. */
    private static void kill(Process process) {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // Already closed.
      }
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
