package dev.graduation.streams.it;

import dev.graduation.schemas.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far an application's consumer group has committed through api-calls, from the broker. */
final class GroupProgress {

  private final Admin admin;
  private final String applicationId;

  GroupProgress(Admin admin, String applicationId) {
    this.admin = admin;
    this.applicationId = applicationId;
  }

  /** Sum over api-calls partitions of the offsets the app has committed (transactions committed). */
  long committed() throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.API_CALLS.name()) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /** Sum over api-calls partitions of their end offsets. */
  long end() throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest =
        IntStream.range(0, Topics.API_CALLS.partitions())
            .mapToObj(p -> new TopicPartition(Topics.API_CALLS.name(), p))
            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
  }
}
