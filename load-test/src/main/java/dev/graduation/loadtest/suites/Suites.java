package dev.graduation.loadtest.suites;

import java.util.List;
import picocli.CommandLine;

/** The suites as subcommands of {@code load-test}. */
public final class Suites {

  private Suites() {}

  public static void addTo(CommandLine command) {
    each().forEach(command::addSubcommand);
    command.addSubcommand(new AllSuites());
  }

  /** A fresh command object of every suite, in the order {@code all} runs them. */
  static List<Suite> each() {
    return List.of(new ScaleSuite(), new SoakSuite(), new FreshnessSuite());
  }
}
