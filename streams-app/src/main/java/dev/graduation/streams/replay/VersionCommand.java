package dev.graduation.streams.replay;

import dev.graduation.config.ServiceSettings;
import dev.graduation.streams.StreamsAppConfig;
import dev.graduation.streams.StreamsSettings;
import dev.graduation.streams.version.ControlKeys;
import dev.graduation.streams.version.ControlTopic;
import dev.graduation.streams.version.VersionRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * What every replay command shares: the version it acts on, {@code --dry-run}, and the
 * streams-app configuration (every other option, the environment, {@code --config}).
 */
abstract class VersionCommand implements Callable<Integer> {

  /** A step that cannot go ahead: printed as one line, exit status 1. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
  boolean help;

  @Option(names = "--version", required = true, paramLabel = "N",
      description = "The version acted on: 1 is the configured application.id, N runs as <application.id>-vN.")
  int version;

  @Option(names = "--dry-run", description = "Print what each step would do and change nothing.")
  boolean dryRun;

  @Unmatched List<String> streamsArguments = new ArrayList<>();

  final PrintStream out = System.out;

  @Override
  public final Integer call() throws Exception {
    StreamsAppConfig config;
    try {
      ServiceSettings.Command<StreamsAppConfig> command =
          StreamsSettings.SETTINGS.parse(streamsArguments.toArray(String[]::new), System.getenv());
      if (command instanceof ServiceSettings.Command.Help<StreamsAppConfig> help) {
        out.print(help.text());
        return 0;
      }
      config = ((ServiceSettings.Command.Run<StreamsAppConfig>) command).resolved().config();
      if (version < 1) {
        throw new IllegalArgumentException("--version must be 1 or more, was " + version);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("replay: " + e.getMessage());
      return 2;
    }
    try {
      return execute(config);
    } catch (Refused | IllegalStateException e) {
      System.err.println("replay: " + e.getMessage());
      return 1;
    } catch (ExecutionException e) {
      System.err.println("replay: Kafka refused a request: " + e.getCause().getMessage());
      return 1;
    }
  }

  abstract int execute(StreamsAppConfig config) throws Exception;

  String applicationId(StreamsAppConfig config) {
    return ControlKeys.applicationId(config.applicationId(), version);
  }

  /** The version the instances serve: the control topic's, else version 1. */
  static VersionRecord active(StreamsAppConfig config, ControlTopic.Snapshot snapshot) {
    String key = ControlKeys.active(config.applicationId());
    String json = snapshot.latest().get(key);
    try {
      return json == null ? VersionRecord.first(config.applicationId()) : VersionRecord.parse(json);
    } catch (IllegalArgumentException e) {
      throw new Refused("control topic key " + key + ": " + e.getMessage());
    }
  }

  /** Version {@code n}'s record: 1 is implicit, the others are written by {@code replay run}. */
  static VersionRecord recorded(StreamsAppConfig config, ControlTopic.Snapshot snapshot, int n) {
    if (n == 1) {
      return VersionRecord.first(config.applicationId());
    }
    String json = snapshot.latest().get(ControlKeys.version(config.applicationId(), n));
    if (json == null) {
      return null;
    }
    try {
      return VersionRecord.parse(json);
    } catch (IllegalArgumentException e) {
      throw new Refused("control topic key " + ControlKeys.version(config.applicationId(), n) + ": " + e.getMessage());
    }
  }

  /** A step: printed as done, or as what it would do. */
  void step(String what) {
    out.println((dryRun ? "would " : "") + what);
  }
}
