package dev.graduation.streams.topology;

import dev.graduation.streams.events.EnrichedCall;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/** Keeps every deduplicated call under its app and event time, for exact partial-hour answers. */
final class RecentCallsRecorder implements FixedKeyProcessor<String, EnrichedCall, EnrichedCall> {

  private final String storeName;
  private FixedKeyProcessorContext<String, EnrichedCall> context;
  private WindowStore<String, EnrichedCall> calls;

  RecentCallsRecorder(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, EnrichedCall> context) {
    this.context = context;
    this.calls = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, EnrichedCall> record) {
    calls.put(record.key(), record.value(), record.value().getTimestamp());
    context.forward(record);
  }
}
