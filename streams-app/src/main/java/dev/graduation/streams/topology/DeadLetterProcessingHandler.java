package dev.graduation.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readable records that cannot be counted ({@link ImpossibleEventException}: values no gateway
 * can send) go to the DLQ, raw as they were read, with the reason and source in headers; the
 * app goes on. Counted like {@link DeadLetterDeserializationHandler}.
 *
 * <p>Any other exception fails the task, with one log line naming the application, the task, the
 * source record and the exception. Why: it is a bug (in enrichment, counting, a verdict), not a
 * bad record; going on would drop a valid call from the counts without anyone noticing and fill
 * the DLQ with good records. Failing stops the task at that record (its offset is not committed),
 * so nothing is lost or counted twice once the bug is fixed, and the stream-thread handler makes
 * the failure visible ({@code /health/ready}, {@code streams_thread_failures_total}). A failure
 * without a source record (in a punctuation) is never dead-lettered: there is nothing to send.
 */
public class DeadLetterProcessingHandler extends LogAndContinueProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

  private Counter deadLetters;
  private Object applicationId;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    deadLetters = DeadLetterCounter.from(configs, "processing");
    applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof ImpossibleEventException && ErrorSource.hasSourceRecord(context)) {
      deadLetters.increment();
      return super.handleError(context, record, exception);
    }
    log.error("{}: processing failed in {}; failing the task, nothing dead-lettered: {}",
        applicationId, ErrorSource.describe(context), exception.toString());
    return Response.fail();
  }
}
