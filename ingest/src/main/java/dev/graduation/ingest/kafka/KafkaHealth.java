package dev.graduation.ingest.kafka;

import dev.graduation.ingest.IngestConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Answers "can Kafka be reached right now?" for the readiness probe, by asking the cluster for its
 * brokers. The answer is cached for a second so that frequent probes do not each wait on a broker
 * that is down.
 */
public final class KafkaHealth implements AutoCloseable {

  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CACHE_FOR = Duration.ofSeconds(1);

  private final Admin admin;
  private final Clock clock = Clock.systemUTC();
  private Instant checkedAt = Instant.MIN;
  private boolean reachable;

  public KafkaHealth(IngestConfig config) {
    int timeoutMs = (int) CHECK_TIMEOUT.toMillis();
    this.admin = Admin.create(adminProperties(config, timeoutMs));
  }

  /** The health check's admin client: on a secured cluster it needs the same security settings. */
  static Map<String, Object> adminProperties(IngestConfig config, int timeoutMs) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-health");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.putAll(config.kafkaProperties("admin"));
    return props;
  }

  public synchronized boolean kafkaReachable() throws InterruptedException {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(CACHE_FOR))) {
      return reachable;
    }
    reachable = check();
    checkedAt = clock.instant();
    return reachable;
  }

  private boolean check() throws InterruptedException {
    try {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
          .nodes()
          .get(CHECK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
