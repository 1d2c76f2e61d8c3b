package dev.graduation.streams.topology;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a record the topology writes (a changelog record, a verdict) cannot be sent:
 * retried when the error is retriable, else the task fails with one log line. Nothing is
 * dead-lettered: the DLQ is for input that cannot be counted, and what failed here is our own
 * output, for a record that was readable.
 *
 * <p>Why not Kafka's {@link DefaultProductionExceptionHandler}: with {@code
 * errors.dead.letter.queue.topic.name} set (for the deserialization and processing handlers) it
 * also builds a DLQ record for every failed send, from the context of the write. A changelog
 * write has none ({@code ProcessorContextImpl.logChange} passes no context to the record
 * collector, so its error context has topic null, offset -1 and timestamp -1), and {@code new
 * ProducerRecord(..., timestamp -1, ...)} throws {@code IllegalArgumentException: Invalid
 * timestamp: -1}. Kafka Streams then reports "Fatal user code error in production error callback"
 * instead of the real cause (a {@code RecordTooLargeException} of a changelog record in the
 * field). {@code ProductionFailureHandlerTest} reproduces it.
 */
public class ProductionFailureHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProductionFailureHandler.class);

  private Object applicationId;

  @Override
  public void configure(Map<String, ?> configs) {
    applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return fail(context, record == null ? null : record.topic(), exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context, ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    return fail(context, record == null ? null : record.topic(), exception);
  }

  private Response fail(ErrorHandlerContext context, String topic, Exception exception) {
    log.error("{}: writing to {} failed in {}; failing the task, nothing dead-lettered: {}",
        applicationId, topic, ErrorSource.describe(context), exception.toString());
    return Response.fail();
  }
}
