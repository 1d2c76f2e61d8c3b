package dev.graduation.local;

import static dev.graduation.embedded.EmbeddedKafkaBroker.saslPlainClientSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.ingest.IngestConfig;
import dev.graduation.ingest.IngestServer;
import dev.graduation.streams.StreamsApp;
import dev.graduation.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Both services on a broker whose client listener needs SASL/PLAIN, configured only through their
 * Kafka pass-through settings (what {@code --kafka}, {@code kafka.*} and {@code *_KAFKA_*} give).
 *
 * <p>Seen failing with the setting ignored (the pass-through not applied to the clients): with the
 * right credentials, ingest never got ready ("Kafka is not reachable": the SASL listener drops a
 * client that does not log in) and the start timed out; with a wrong password, both services
 * started without complaint, so no exception was thrown.
 */
@Tag("integration")
@Timeout(180)
class SecuredKafkaIntegrationTest {

  @RegisterExtension
  static final KafkaStackExtension KAFKA =
      new KafkaStackExtension().withSaslPlainUser("ingest", "ingest-secret").withSaslPlainUser("streams", "streams-secret");

  private static final String INGEST_TOKEN = "gateway-token";
  private static final String QUERY_TOKEN = "dashboard-token";

  private static IngestConfig ingest(String password) {
    return TestPipeline.ingestConfig(KAFKA, INGEST_TOKEN)
        .withBootstrapServers(KAFKA.saslBootstrapServers())
        .withKafkaProperties(saslPlainClientSettings("ingest", password));
  }

  private static StreamsAppConfig streams(String password, Path stateDir) {
    return TestPipeline.streamsConfig(KAFKA, "secured-" + password, stateDir, QUERY_TOKEN)
        .bootstrapServers(KAFKA.saslBootstrapServers())
        .kafkaOverrides(saslPlainClientSettings("streams", password))
        .build();
  }

  @Test
  void withTheRightCredentialsTheSeedExampleIsCountedEndToEnd(@TempDir Path stateDir) {
    try (TestPipeline pipeline =
        TestPipeline.start(ingest("ingest-secret"), streams("streams-secret", stateDir), INGEST_TOKEN)) {
      Http.Reply posted = Http.post(pipeline.ingestUrl() + "/v1/events", INGEST_TOKEN, SeedExample.events("sasl-app", 2));
      assertThat(posted.body()).isEqualTo(Http.json("{\"accepted\": 20, \"rejected\": []}"));

      assertThat(SeedExample.eligibilityAfter(pipeline.queryUrl(), QUERY_TOKEN, "sasl-app", 20).get("endpoints"))
          .isEqualTo(SeedExample.endpoints());
    }
  }

  @Test
  void ingestWithAWrongPasswordRefusesToStartSayingWhy() {
    List<ILoggingEvent> logged = logsOf(() ->
        assertThatThrownBy(() -> IngestServer.start(ingest("wrong")).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage(refusal("ingest")));
    assertNoStackTraces(logged);
  }

  @Test
  void streamsAppWithAWrongPasswordRefusesToStartSayingWhy(@TempDir Path stateDir) {
    List<ILoggingEvent> logged = logsOf(() ->
        assertThatThrownBy(() -> StreamsApp.start(streams("wrong", stateDir), Clock.systemUTC()).close())
            .isInstanceOf(IllegalStateException.class)
            .hasMessage(refusal("streams-app")));
    assertNoStackTraces(logged);
  }

  private static String refusal(String service) {
    return "Kafka refused " + service + "'s credentials (authentication failed: Authentication failed: Invalid"
        + " username or password); check kafka.sasl.jaas.config (user and password), kafka.sasl.mechanism (PLAIN)"
        + " and kafka.security.protocol (SASL_PLAINTEXT)";
  }

  /** What was logged (at the levels the test configuration lets through) while {@code run} ran. */
  private static List<ILoggingEvent> logsOf(Executable run) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    try {
      run.execute();
    } catch (Throwable e) {
      throw new AssertionError(e);
    } finally {
      root.detachAppender(appender);
    }
    return List.copyOf(appender.list);
  }

  /**
   * A refused login is logged once by the Kafka client ("failed authentication due to: ...") and
   * once more with a stack trace by its metadata manager (which the shipped logging configurations
   * turn down to ERROR); the service adds no stack trace and does not retry.
   */
  private static void assertNoStackTraces(List<ILoggingEvent> logged) {
    assertThat(logged)
        .filteredOn(event -> event.getThrowableProxy() != null)
        .extracting(ILoggingEvent::getLoggerName)
        .containsOnly("org.apache.kafka.clients.admin.internals.AdminMetadataManager");
    assertThat(logged)
        .filteredOn(event -> event.getFormattedMessage().contains("failed authentication due to"))
        .hasSize(1);
    assertThat(logged).hasSizeLessThanOrEqualTo(2);
  }
}
