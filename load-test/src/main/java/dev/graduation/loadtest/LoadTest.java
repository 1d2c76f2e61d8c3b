package dev.graduation.loadtest;

import dev.graduation.loadtest.suites.Suites;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The platform-scale suites (issue 20), one command each: {@code scale}, {@code soak},
 * {@code freshness}, and {@code all} to run every one of them. Each starts its own broker and
 * registry in this JVM, is bounded in time and count, prints a table and writes its figures as
 * JSON. Exit codes: 0 done, 1 an error (see the suite), 2 a bad option, 3 a soak series not flat.
 */
@Command(
    name = "load-test",
    mixinStandardHelpOptions = true,
    description = "Platform-scale suites: scale, soak, freshness, or all of them.")
public final class LoadTest implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests: no System.exit). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The command with every suite as a subcommand; its output and error writers can be replaced. */
  public static CommandLine commandLine() {
    CommandLine command = new CommandLine(new LoadTest());
    Suites.addTo(command);
    return command;
  }

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Name a suite: scale, soak, freshness or all.");
  }
}
