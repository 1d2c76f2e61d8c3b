package dev.graduation.streams.topology;

import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Where a failure handed to an exception handler happened: the task, and the source record when
 * there is one. A punctuation or a changelog write at commit time has none: Kafka Streams then
 * gives topic null, partition and offset -1, and for a changelog write timestamp -1 too.
 */
final class ErrorSource {

  private ErrorSource() {}

  /** True when the failure belongs to a record read from a topic (it can be dead-lettered). */
  static boolean hasSourceRecord(ErrorHandlerContext context) {
    return context.topic() != null && context.partition() >= 0 && context.offset() >= 0;
  }

  /** "task 0_2, api-calls-2 offset 17, processor X", or the task alone when there is no record. */
  static String describe(ErrorHandlerContext context) {
    StringBuilder text = new StringBuilder("task ").append(context.taskId());
    if (hasSourceRecord(context)) {
      text.append(", ").append(context.topic()).append('-').append(context.partition())
          .append(" offset ").append(context.offset());
    } else {
      text.append(", no source record (a punctuation or a write at commit time)");
    }
    if (context.processorNodeId() != null) {
      text.append(", processor ").append(context.processorNodeId());
    }
    return text.toString();
  }
}
