package dev.graduation.streams.topology;

import dev.graduation.events.ApiCallEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Step 2: forwards the first copy of an eventId and drops copies whose event time lies within the
 * dedup horizon of it. The store remembers each eventId under the stream time at which it was
 * first seen, so it forgets an id once stream time has moved a horizon past it: memory stays
 * bounded by the traffic of one horizon, and a gateway retry (same event time, sent a little
 * later) is always caught, even for a late event.
 *
 * <p>Ingest keys events by appId, so all copies of one call meet in the same task.
 */
final class Deduplicator implements FixedKeyProcessor<String, ApiCallEvent, ApiCallEvent> {

  private final String storeName;
  private final long horizonMs;
  private FixedKeyProcessorContext<String, ApiCallEvent> context;
  private WindowStore<String, Long> seen;

  Deduplicator(String storeName, Duration horizon) {
    this.storeName = storeName;
    this.horizonMs = horizon.toMillis();
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ApiCallEvent> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, ApiCallEvent> record) {
    ApiCallEvent event = record.value();
    if (event == null) {
      return;
    }
    long eventTime = event.getTimestamp().toEpochMilli();
    long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
    if (isDuplicate(event.getEventId(), eventTime, streamTime)) {
      return;
    }
    seen.put(event.getEventId(), eventTime, streamTime);
    context.forward(record);
  }

  private boolean isDuplicate(String eventId, long eventTime, long streamTime) {
    try (WindowStoreIterator<Long> firstCopies =
        seen.fetch(eventId, streamTime - horizonMs, streamTime)) {
      while (firstCopies.hasNext()) {
        if (Math.abs(firstCopies.next().value - eventTime) <= horizonMs) {
          return true;
        }
      }
    }
    return false;
  }
}
