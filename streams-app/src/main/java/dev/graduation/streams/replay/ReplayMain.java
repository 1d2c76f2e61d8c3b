package dev.graduation.streams.replay;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code replay}: ops recompute history with a new version of the topology, compare it with the
 * live one, switch every instance to it, and remove the old one. {@code replay --help} and {@code
 * replay run --help} list the options; any streams-app option ({@code --bootstrap-servers},
 * {@code --config FILE}, ...) and {@code STREAMS_*} variable is read as streams-app reads it.
 *
 * <p>Exit status: 0 done (or what {@code --dry-run} would do printed), 1 refused or failed (one
 * line saying why), 2 bad usage.
 */
@Command(
    name = "replay",
    subcommands = {RunCommand.class, CutoverCommand.class, CleanupCommand.class},
    description = {
      "Recompute history with a new version of the topology, compare, cut over, clean up.",
      "Version 1 is the configured application.id; version N runs as <application.id>-vN.",
    },
    footer = {
      "",
      "Each command also takes every streams-app option (--bootstrap-servers, --state-dir,",
      "--query-tokens, --config FILE, ...) and reads STREAMS_* variables as streams-app does:",
      "give it the configuration the live instances run with.",
    })
public final class ReplayMain implements Runnable {

  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
  boolean help;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status. */
  public static int execute(String... args) {
    return new CommandLine(new ReplayMain()).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, cutover or cleanup");
  }
}
