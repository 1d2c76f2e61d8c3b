package dev.graduation.loadtest.suites;

import picocli.CommandLine;

/** The suites as subcommands of {@code load-test}. */
public final class Suites {

  private Suites() {}

  public static void addTo(CommandLine command) {
    command.addSubcommand(new ScaleSuite());
    command.addSubcommand(new SoakSuite());
    command.addSubcommand(new FreshnessSuite());
    command.addSubcommand(new AllSuites());
  }
}
