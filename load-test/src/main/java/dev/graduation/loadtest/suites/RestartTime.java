package dev.graduation.loadtest.suites;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graduation.loadtest.QueryLatency;
import dev.graduation.loadtest.StreamsCatchUp;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;

/**
 * How long a StreamsApp takes from {@code start()} to RUNNING, and to its first eligibility
 * answer (200) for a probe app, on whatever state its directory holds: the kept one of an earlier
 * run (a restart), or none (everything restored from the changelogs).
 *
 * @param probeCalls totals.calls of the probe's answer: the same after a restore as before it
 */
record RestartTime(String name, double toRunningSeconds, double toAnswerSeconds, long probeCalls) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Starts a StreamsApp on {@code config}, times it, runs {@code whileServing} against it, closes
   * it and takes its member out of the group: StreamsApp's close does not leave the group, and the
   * next start would otherwise wait out the session timeout (45 s) for this member, which is not
   * what these figures measure.
   */
  static RestartTime measure(
      String name, StreamsAppConfig config, String probeAppId, Duration timeout, Serving whileServing) throws Exception {
    HttpClient http = QueryLatency.client();
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    RestartTime time;
    try (StreamsApp app = StreamsApp.start(config, Clock.systemUTC())) {
      while (!app.isRunning()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(name + ": not RUNNING within " + timeout);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      long running = System.nanoTime();
      String answer = QueryLatency.awaitAnswer(http, "http://127.0.0.1:" + app.httpPort(), probeAppId, deadline);
      long answered = System.nanoTime();
      time = new RestartTime(
          name, (running - start) / 1e9, (answered - start) / 1e9, calls(answer));
      System.out.println(time);
      whileServing.accept(app);
    }
    leaveGroup(config, timeout);
    return time;
  }

  /** What runs against the started app before it closes. */
  @FunctionalInterface
  interface Serving {
    void accept(StreamsApp app) throws Exception;
  }

  private static long calls(String answer) {
    try {
      return JSON.readTree(answer).path("totals").path("calls").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void leaveGroup(StreamsAppConfig config, Duration timeout) throws InterruptedException {
    try (Admin admin = StreamsCatchUp.admin(config.bootstrapServers())) {
      admin.removeMembersFromConsumerGroup(config.applicationId(), new RemoveMembersFromConsumerGroupOptions())
          .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // No member left to remove: nothing waits for one.
      System.out.println("  (" + config.applicationId() + ": no member removed: " + e.getMessage() + ")");
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "%-44s RUNNING after %.2f s, first eligibility answer after %.2f s", name, toRunningSeconds,
        toAnswerSeconds);
  }
}
