package dev.graduation.streams.replay;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;

/**
 * {@code replay cleanup --version N}: deletes what version N left behind that nothing serves:
 * its internal topics ({@link InternalTopics}), its consumer group, this machine's local state
 * directory of it, and its record in the control topic. Refused for the live version.
 */
@Command(
    name = "cleanup",
    description = "Delete version N's internal topics, consumer group, local state directory and control record.")
final class CleanupCommand extends VersionCommand {

  @Override
  int execute(StreamsAppConfig config) throws InterruptedException, ExecutionException {
    String applicationId = applicationId(config);
    ControlTopic control = new ControlTopic(config.clientProperties());
    ControlTopic.Snapshot snapshot = control.read();
    if (active(config, snapshot).applicationId().equals(applicationId)) {
      throw new Refused("version " + version + " (" + applicationId + ") is the live version: cut over to another first");
    }
    try (Admin admin = Admin.create(config.clientProperties())) {
      List<String> topics = InternalTopics.of(applicationId, admin.listTopics().names().get());
      if (topics.isEmpty()) {
        out.println("no topics of " + applicationId + " left");
      }
      for (String topic : topics) {
        step("delete topic " + topic);
      }
      step("delete consumer group " + applicationId);
      if (!dryRun) {
        admin.deleteTopics(topics).all().get();
        deleteGroup(admin, applicationId);
      }
    }
    Path state = config.stateDir().resolve(applicationId).toAbsolutePath();
    if (Files.exists(state)) {
      step("delete local state directory " + state);
      if (!dryRun) {
        deleteRecursively(state);
      }
    } else {
      out.println("no local state of " + applicationId + " in " + config.stateDir().toAbsolutePath());
    }
    String key = ControlKeys.version(config.applicationId(), version);
    if (version > 1 && snapshot.latest().containsKey(key)) {
      step("delete " + Topics.CONTROL.name() + " key " + key + " (a tombstone)");
      if (!dryRun) {
        control.write(key, null);
      }
    }
    return 0;
  }

  private void deleteGroup(Admin admin, String groupId) throws InterruptedException {
    try {
      admin.deleteConsumerGroups(List.of(groupId)).all().get();
    } catch (ExecutionException e) {
      // A group that never committed does not exist; one with members is still in use somewhere.
      out.println("consumer group " + groupId + " not deleted: " + e.getCause().getMessage());
    }
  }

  private static void deleteRecursively(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
