package dev.graduation.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.catalog.EndpointCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;
import org.junit.jupiter.api.Test;

/**
 * The graph Kafka Streams prints must show every way data goes: calls and registrations both
 * lead to eligibility-changes through records, not through a store one processor writes and
 * another reads as a message channel. Before VerdictTrigger, the recorder marked apps in a shared
 * in-memory store and forwarded nothing: from api-calls no path led to a sink, which
 * {@link #callsLeadToEligibilityChanges} reports.
 */
class GraduationTopologyDescriptionTest {

  private static final TopologyDescription DESCRIPTION =
      GraduationTopology.build(
              StreamsAppConfig.defaults().toBuilder().schemaRegistryUrl("mock://description").build().topologySettings(),
              EndpointCatalog.load(),
              Clock.systemUTC())
          .describe();

  @Test
  void callsLeadToEligibilityChanges() {
    assertThat(sinkTopicsReachedFrom(Topics.API_CALLS.name())).containsExactly(Topics.ELIGIBILITY_CHANGES.name());
  }

  @Test
  void registrationsLeadToEligibilityChanges() {
    assertThat(sinkTopicsReachedFrom(Topics.APP_REGISTRATIONS.name()))
        .containsExactly(Topics.ELIGIBILITY_CHANGES.name());
  }

  /** Every store is written by one processor: none is a channel between two writers' reader. */
  @Test
  void theInMemoryMarkStoreIsGone() {
    Set<String> stores = new HashSet<>();
    DESCRIPTION.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof Processor processor) {
        stores.addAll(processor.stores());
      }
    }));
    assertThat(stores)
        .containsExactlyInAnyOrder(
            GraduationTopology.DEDUP_STORE,
            GraduationTopology.RECENT_CALLS_STORE,
            GraduationTopology.HOURLY_STORE,
            GraduationTopology.DAILY_STORE,
            GraduationTopology.REGISTRATIONS_STORE,
            GraduationTopology.VERDICTS_STORE);
  }

  /** The README shows the graph as it is: regenerate the block there when the topology changes. */
  @Test
  void theReadmePrintsTheCurrentDescription() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains(DESCRIPTION.toString().strip());
  }

  private static Set<String> sinkTopicsReachedFrom(String topic) {
    Set<String> sinks = new HashSet<>();
    Deque<Node> toVisit = new ArrayDeque<>();
    DESCRIPTION.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof Source source && source.topicSet().contains(topic)) {
        toVisit.add(node);
      }
    }));
    assertThat(toVisit).as("a source reading " + topic).isNotEmpty();
    Set<Node> seen = new HashSet<>();
    while (!toVisit.isEmpty()) {
      Node node = toVisit.poll();
      if (!seen.add(node)) {
        continue;
      }
      if (node instanceof Sink sink) {
        sinks.add(sink.topic());
      }
      toVisit.addAll(node.successors());
    }
    return sinks;
  }
}
