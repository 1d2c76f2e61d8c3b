package dev.graduation.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /v1/instances}, for operators: every instance as it reports itself (its Kafka Streams
 * state, active and standby partitions, and how far each local copy is behind); an instance that
 * does not answer is listed with what the metadata says of it and {@code reachable: false}.
 */
final class InstanceReports {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Cluster cluster;
  private final Forwarder forwarder;

  InstanceReports(Cluster cluster, Forwarder forwarder) {
    this.cluster = cluster;
    this.forwarder = forwarder;
  }

  Responses.Instances all(String authorization) throws InterruptedException {
    List<Cluster.Member> members = cluster.members();
    Map<Cluster.Member, CompletableFuture<Forwarder.Reply>> asked = new LinkedHashMap<>();
    for (Cluster.Member member : members) {
      if (!member.host().equals(cluster.self())) {
        asked.put(member, forwarder.get(member.host(), "/v1/instances", authorization));
      }
    }
    List<Responses.Instance> instances = new ArrayList<>();
    for (Cluster.Member member : members) {
      instances.add(
          member.host().equals(cluster.self()) ? cluster.localInstance() : remote(member, asked.get(member)));
    }
    return new Responses.Instances(instances);
  }

  private static Responses.Instance remote(Cluster.Member member, CompletableFuture<Forwarder.Reply> reply)
      throws InterruptedException {
    try {
      Forwarder.Reply answer = reply.get();
      if (answer.status() == 200) {
        List<Responses.Instance> reported = JSON.readValue(answer.body(), Responses.Instances.class).instances();
        if (reported.size() == 1) {
          return reported.get(0);
        }
      }
    } catch (ExecutionException | IOException e) {
      // listed as unreachable below
    }
    HostInfo host = member.host();
    return new Responses.Instance(
        KafkaStreamsCluster.address(host), false, null, List.copyOf(member.active()), List.copyOf(member.standby()), null);
  }
}
