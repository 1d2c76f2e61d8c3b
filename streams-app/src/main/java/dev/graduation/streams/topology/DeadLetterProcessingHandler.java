package dev.graduation.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Readable records that cannot be counted ({@link ImpossibleEventException}: values no gateway
 * can send) go to the DLQ, raw as they were read, with the reason and source in headers; the
 * app goes on. Counted like {@link DeadLetterDeserializationHandler}.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

  private Counter deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    deadLetters = DeadLetterCounter.from(configs, "processing");
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    deadLetters.increment();
    return super.handleError(context, record, exception);
  }
}
