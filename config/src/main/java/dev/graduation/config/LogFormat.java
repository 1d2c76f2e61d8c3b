package dev.graduation.config;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * How a service writes its log: one line per event either way, so that a log shipper never has
 * to join lines. {@code plain}: time (UTC), level, thread, logger, message, and an exception's
 * chain on the same line; {@code json}: logback's own {@link JsonEncoder}, one JSON object per
 * line (timestamp, level, threadName, loggerName, mdc, formattedMessage, throwable). Chosen by the
 * setting {@code log.format} that every service has ({@link ServiceSettings}).
 */
public enum LogFormat {
  PLAIN,
  JSON;

  /** Messages and exception text with their line breaks folded, and the exception's chain on one line. */
  static final String PLAIN_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %replace(%msg){'[\\r\\n]+', ' '}"
          + "%replace(%replace( %ex{short}){'[\\r\\n]+$', ''}){'[\\r\\n]+\\s*', ' | '}%nopex%n";

  /**
   * @throws IllegalArgumentException for anything but {@code plain} or {@code json} (any case)
   */
  public static LogFormat parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "plain" -> PLAIN;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("'" + text + "' is not a log format: plain or json");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Gives every appender that writes a stream (console, file) of logback's configuration this
   * format; does nothing when logback is not the logging backend.
   */
  public void apply() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext(); ) {
        if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> stream) {
          stream.setEncoder(encoder(context));
        }
      }
    }
  }

  Encoder<ILoggingEvent> encoder(LoggerContext context) {
    if (this == JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      // The message once, formatted; no counters or the whole logger context on every line.
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder plain = new PatternLayoutEncoder();
    plain.setContext(context);
    plain.setPattern(PLAIN_PATTERN);
    plain.start();
    return plain;
  }
}
