package dev.graduation.streams.replay;

import dev.graduation.schemas.Topics;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import dev.graduation.streams.version.VersionRecord;
import picocli.CommandLine.Command;

/**
 * {@code replay cutover --version N}: every instance serves version N from now on. One record
 * under {@code <application.id>/active} of the control topic, which every instance follows (and
 * reads at start), so they all switch, and stay switched after restarts. Version 1 switches back
 * to the configured application id.
 */
@Command(
    name = "cutover",
    description = "Make every streams-app instance serve version N (a replayed version, or 1 to go back).")
final class CutoverCommand extends VersionCommand {

  @Override
  int execute(StreamsAppConfig config) {
    ControlTopic control = new ControlTopic(config.clientProperties());
    if (!dryRun) {
      control.ensureExists((short) config.replicationFactor());
    }
    ControlTopic.Snapshot snapshot = control.read();
    VersionRecord active = active(config, snapshot);
    VersionRecord next = recorded(config, snapshot, version);
    if (next == null) {
      throw new Refused("version " + version + " (" + applicationId(config) + ") was never replayed: run"
          + " `replay run --version " + version + "` first");
    }
    if (next.applicationId().equals(active.applicationId())) {
      out.println("version " + version + " (" + next.applicationId() + ") is already the live version; nothing to do");
      return 0;
    }
    step("write " + next.describe() + " to " + Topics.CONTROL.name() + " key " + ControlKeys.active(config.applicationId())
        + ": every instance closes " + active.applicationId() + " and serves " + next.applicationId()
        + " (503 while its state restores from " + next.applicationId() + "'s changelogs)");
    if (!dryRun) {
      control.write(ControlKeys.active(config.applicationId()), next.toJson());
      out.println("version " + version + " is live; `replay cleanup --version " + active.version()
          + "` removes the old one once every instance has switched (GET /v1/instances)");
    }
    return 0;
  }
}
