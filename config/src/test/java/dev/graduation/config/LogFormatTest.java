package dev.graduation.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One line per event in both formats, even for a message and an exception with line breaks. Seen
 * failing with logback's usual pattern ({@code %msg%n} and the default exception converter): the
 * plain event spanned several lines (message break, stack trace).
 */
class LogFormatTest {

  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("dev.graduation.ingest.Example");

  LogFormatTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  private String encoded(LogFormat format) {
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(), logger, Level.ERROR, "publishing failed\nfor app {}",
            new IllegalStateException("broker gone\nafter 3 retries", new RuntimeException("cause")),
            new Object[] {"app-1"});
    return new String(format.encoder(context).encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void plainIsOneLineWithTheExceptionChainFolded() {
    String line = encoded(LogFormat.PLAIN);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n", "\r");
    assertThat(line)
        .contains(" ERROR [main] dev.graduation.ingest.Example - publishing failed for app app-1 ")
        .contains("java.lang.IllegalStateException: broker gone | after 3 retries | at dev.graduation.config.LogFormatTest")
        .contains("| Caused by: java.lang.RuntimeException: cause | at ")
        .doesNotContain(" | \n");
  }

  @Test
  void jsonIsOneObjectPerLine() {
    String line = encoded(LogFormat.JSON);

    assertThat(line).startsWith("{").endsWith("}\n");
    assertThat(line.strip()).doesNotContain("\n");
    assertThat(line)
        .contains("\"level\":\"ERROR\"", "\"loggerName\":\"dev.graduation.ingest.Example\"",
            "\"formattedMessage\":\"publishing failed\\nfor app app-1\"", "\"className\":\"java.lang.IllegalStateException\"")
        .doesNotContain("\"arguments\"", "\"sequenceNumber\"");
  }
}
