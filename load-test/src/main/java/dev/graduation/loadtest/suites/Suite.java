package dev.graduation.loadtest.suites;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A suite as a command: it measures, writes its JSON to --out and exits with the code it earned. */
abstract class Suite implements Callable<Integer> {

  @Mixin RunOptions run;

  /** The suite's name: its subcommand, its default JSON file, its key in {@code all}'s JSON. */
  abstract String name();

  abstract SuiteResult measure() throws Exception;

  @Override
  public Integer call() throws Exception {
    SuiteResult result = measure();
    SuiteResult.write(run.out(name()), result.json());
    return result.exitCode();
  }
}
