package dev.graduation.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Whether the Kafka cluster accepts the security settings a service was given. Kafka clients
 * treat refused credentials like any connection problem: they log a line and try again, for ever,
 * while the service looks alive. A service asks here once at start, with its own admin settings,
 * and refuses to start with one sentence naming the cause and the settings to check; a cluster
 * that does not answer at all is not a reason to refuse (the services wait for Kafka).
 */
public final class KafkaCredentials {

  private KafkaCredentials() {}

  /**
   * Asks the cluster to describe itself with {@code adminSettings} and waits at most {@code
   * timeout} for an answer.
   *
   * @throws IllegalStateException when the cluster refused the credentials, with {@link #refusal}'s
   *     sentence
   */
  public static void requireAccepted(String service, Map<String, Object> adminSettings, Duration timeout) {
    Map<String, Object> settings = new HashMap<>(adminSettings);
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, service + "-credentials-check");
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(settings)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId()
          .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      String refusal = refusal(service, settings, e.getCause());
      if (refusal != null) {
        throw new IllegalStateException(refusal, e.getCause());
      }
      // Any other failure (no broker answering in time): the service starts and waits for Kafka.
    } catch (TimeoutException e) {
      // No answer in time: Kafka may still be starting; the service waits for it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Kafka credentials", e);
    }
  }

  /**
   * One sentence for logs and readiness when {@code failure} (or a cause of it) says that Kafka
   * refused the client's credentials; null for any other failure. Names the settings to check
   * and never their values.
   *
   * @param settings the client's settings, for its {@code security.protocol} and {@code
   *     sasl.mechanism}
   */
  public static String refusal(String service, Map<String, ?> settings, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof AuthenticationException refused) {
        String protocol = valueOr(settings, "security.protocol", "PLAINTEXT");
        String check =
            refused instanceof SslAuthenticationException || !protocol.toUpperCase(Locale.ROOT).startsWith("SASL")
                ? "kafka.ssl.keystore.*, kafka.ssl.truststore.* and kafka.security.protocol"
                : "kafka.sasl.jaas.config (user and password), kafka.sasl.mechanism ("
                    + valueOr(settings, "sasl.mechanism", "GSSAPI") + ") and kafka.security.protocol ("
                    + protocol + ")";
        return "Kafka refused " + service + "'s credentials (authentication failed: "
            + String.valueOf(refused.getMessage()).strip() + "); check " + check;
      }
    }
    return null;
  }

  private static String valueOr(Map<String, ?> settings, String key, String otherwise) {
    Object value = settings.get(key);
    return value == null ? otherwise : value.toString();
  }
}
