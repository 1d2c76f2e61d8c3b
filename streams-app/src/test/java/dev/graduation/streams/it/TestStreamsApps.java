package dev.graduation.streams.it;

import dev.graduation.embedded.KafkaStackExtension;
import dev.graduation.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.util.List;

/** The streams-app config of broker-backed tests: loopback, ephemeral port, one thread. */
final class TestStreamsApps {

  private TestStreamsApps() {}

  /**
   * The same as a streams-app command line (for a child JVM, or the replay command, which reads
   * streams-app's options).
   */
  static List<String> arguments(
      KafkaStackExtension kafka, String applicationId, Path stateDir, String token, int streamThreads) {
    return List.of(
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--schema-registry-url", kafka.schemaRegistryUrl(),
        "--application-id", applicationId,
        "--state-dir", stateDir.toString(),
        "--http-host", "127.0.0.1",
        "--advertised-host", "127.0.0.1",
        "--query-tokens", token,
        "--replication-factor", "1",
        "--stream-threads", Integer.toString(streamThreads));
  }

  static StreamsAppConfig config(KafkaStackExtension kafka, String applicationId, Path stateDir, String token) {
    return StreamsAppConfig.defaults().toBuilder()
        .applicationId(applicationId)
        .bootstrapServers(kafka.bootstrapServers())
        .schemaRegistryUrl(kafka.schemaRegistryUrl())
        .stateDir(stateDir)
        .httpHost("127.0.0.1")
        .httpPort(0)
        .queryTokens(List.of(token))
        .streamThreads(1)
        .replicationFactor(1)
        .build();
  }
}
