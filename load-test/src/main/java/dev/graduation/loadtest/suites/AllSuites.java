package dev.graduation.loadtest.suites;

import dev.graduation.loadtest.Machine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Every suite, one after the other, each on a stack of its own with its defaults (or its quick
 * sizes), then one combined table and one JSON file. A suite that fails is reported as an error
 * and the next one still runs.
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "scale, soak and freshness in turn (with --quick: their quick sizes, under 10 minutes on 2 cores);"
        + " one combined table and one JSON file.")
final class AllSuites implements Callable<Integer> {

  @Mixin RunOptions run;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(List.of("--timeout", run.timeout.toString()));
    if (run.quick) {
      args.add("--quick");
    }
    List<Suite> suites = new ArrayList<>();
    for (Suite suite : Suites.each()) {
      new CommandLine(suite).parseArgs(args.toArray(String[]::new));
      suites.add(suite);
    }

    Map<String, Object> results = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    int exitCode = 0;
    long start = System.nanoTime();
    for (Suite suite : suites) {
      SuiteResult result;
      try {
        result = suite.measure();
      } catch (Exception e) {
        e.printStackTrace();
        result = new SuiteResult(
            suite.name(), Map.of("error", String.valueOf(e.getMessage())),
            List.of(new SuiteResult.Line(suite.name() + ": failed", String.valueOf(e.getMessage()))), SuiteResult.ERROR);
      }
      results.put(suite.name(), result.json());
      rows.addAll(result.rows());
      exitCode = worse(exitCode, result.exitCode());
    }
    System.out.println();
    System.out.printf("=== All suites%s, %.0f s (%s at the end) ===%n",
        run.quick ? " (--quick)" : "", (System.nanoTime() - start) / 1e9, Machine.loadAverage());
    SuiteResult.printTable(List.of("suite", "figure", "value"), rows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("suite", "all");
    json.put("quick", run.quick);
    json.put("exitCode", exitCode);
    json.put("seconds", (System.nanoTime() - start) / 1e9);
    json.put("machine", Machine.describe());
    json.put("suites", results);
    SuiteResult.write(run.out("all"), json);
    return exitCode;
  }

  /** An error outranks a series that is not flat, which outranks success. */
  private static int worse(int a, int b) {
    if (a == SuiteResult.ERROR || b == SuiteResult.ERROR) {
      return SuiteResult.ERROR;
    }
    return Math.max(a, b);
  }
}
