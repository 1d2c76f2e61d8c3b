package dev.graduation.streams.version;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the control topic from a given offset and hands every new record of the active version
 * to a listener, on its own thread. A record that is not a version record is logged and ignored:
 * the instance keeps serving what it serves.
 */
public final class ActiveVersionFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ActiveVersionFollower.class);

  private final KafkaConsumer<String, String> consumer;
  private final Thread thread;

  private ActiveVersionFollower(KafkaConsumer<String, String> consumer, Thread thread) {
    this.consumer = consumer;
    this.thread = thread;
  }

  /**
   * @param from the offset after the records already applied ({@link ControlTopic.Snapshot#endOffset()})
   * @param listener called with each new active version, in order
   */
  public static ActiveVersionFollower start(
      ControlTopic topic, String activeKey, long from, Consumer<VersionRecord> listener) {
    KafkaConsumer<String, String> consumer = topic.consumer();
    consumer.assign(List.of(ControlTopic.PARTITION));
    consumer.seek(ControlTopic.PARTITION, from);
    Thread thread = new Thread(() -> follow(consumer, activeKey, listener), "active-version-follower");
    thread.setDaemon(true);
    thread.start();
    return new ActiveVersionFollower(consumer, thread);
  }

  private static void follow(KafkaConsumer<String, String> consumer, String activeKey, Consumer<VersionRecord> listener) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          if (!activeKey.equals(record.key())) {
            continue;
          }
          try {
            listener.accept(VersionRecord.parse(record.value()));
          } catch (IllegalArgumentException e) {
            log.error("ignored record at offset {} of the control topic under {}: {}", record.offset(), activeKey, e.getMessage());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
