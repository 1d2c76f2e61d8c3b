package dev.graduation.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' log-and-continue handler, which (with {@code errors.dead.letter.queue.topic.name}
 * set) sends the unreadable record to the DLQ with the exception, message and source
 * topic/partition/offset in {@code __streams.errors.*} headers, in the same transaction as the
 * offsets. This subclass only counts them, so a rising DLQ shows on {@code /metrics}.
 */
public class DeadLetterDeserializationHandler extends LogAndContinueExceptionHandler {

  /** Config key under which the app passes its MeterRegistry (an object, not a string). */
  public static final String METER_REGISTRY_CONFIG = "graduation.meter.registry";

  public static final String COUNTER_NAME = "streams_dead_letter_records";

  private Counter deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    deadLetters = DeadLetterCounter.from(configs, "deserialization");
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    deadLetters.increment();
    return super.handleError(context, record, exception);
  }
}
