package dev.graduation.streams.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** An {@link ErrorHandlerContext} as Kafka Streams hands one to the exception handlers. */
record TestErrorContext(
    String topic,
    int partition,
    long offset,
    Headers headers,
    String processorNodeId,
    TaskId taskId,
    long timestamp,
    byte[] sourceRawKey,
    byte[] sourceRawValue)
    implements ErrorHandlerContext {

  static final TaskId TASK = new TaskId(0, 3);

  /** While a record of api-calls is processed. */
  static TestErrorContext ofRecord(long offset, byte[] key, byte[] value) {
    return new TestErrorContext(
        "api-calls", 3, offset, new RecordHeaders(), "KSTREAM-PROCESSVALUES-0000000001", TASK, 1_000L, key, value);
  }

  /** In a punctuation: Kafka Streams gives the punctuation time and no record. */
  static TestErrorContext ofPunctuation() {
    return new TestErrorContext(null, -1, -1, new RecordHeaders(), "KSTREAM-PROCESSVALUES-0000000001", TASK, 1_000L, null, null);
  }

  /**
   * A changelog write failing to send: {@code ProcessorContextImpl.logChange} gives the record
   * collector no context, so Kafka Streams' error context is all unknowns, timestamp -1 included.
   */
  static TestErrorContext ofChangelogWrite() {
    return new TestErrorContext(null, -1, -1, new RecordHeaders(), null, TASK, -1L, null, null);
  }
}
