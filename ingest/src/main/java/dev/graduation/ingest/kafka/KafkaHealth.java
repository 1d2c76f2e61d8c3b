package dev.graduation.ingest.kafka;

import dev.graduation.config.KafkaCredentials;
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
  static final String UNREACHABLE = "Kafka is not reachable";

  private final Admin admin;
  private final Map<String, Object> adminProperties;
  private final Clock clock = Clock.systemUTC();
  private Instant checkedAt = Instant.MIN;
  /** Null while Kafka answers. */
  private String problem = UNREACHABLE;

  public KafkaHealth(IngestConfig config) {
    this.adminProperties = adminProperties(config, (int) CHECK_TIMEOUT.toMillis());
    this.admin = Admin.create(adminProperties);
  }

  /**
   * Refuses to start ingest when Kafka refuses its credentials (see {@link KafkaCredentials});
   * waits at most {@link #CHECK_TIMEOUT} for Kafka to answer, and starts anyway if it does not.
   *
   * @throws IllegalStateException naming the cause and the settings to check
   */
  public static void requireCredentialsAccepted(IngestConfig config) {
    KafkaCredentials.requireAccepted(
        "ingest", adminProperties(config, (int) CHECK_TIMEOUT.toMillis()), CHECK_TIMEOUT);
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

  /**
   * Null while Kafka answers; else why not, for readiness: not reachable, or the credentials
   * refused (credentials revoked after the start).
   */
  public synchronized String kafkaProblem() throws InterruptedException {
    Instant now = clock.instant();
    if (now.isBefore(checkedAt.plus(CACHE_FOR))) {
      return problem;
    }
    problem = check();
    checkedAt = clock.instant();
    return problem;
  }

  private String check() throws InterruptedException {
    try {
      boolean answered = !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
          .nodes()
          .get(CHECK_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS)
          .isEmpty();
      return answered ? null : UNREACHABLE;
    } catch (ExecutionException e) {
      String refusal = KafkaCredentials.refusal("ingest", adminProperties, e.getCause());
      return refusal != null ? refusal : UNREACHABLE;
    } catch (TimeoutException e) {
      return UNREACHABLE;
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
