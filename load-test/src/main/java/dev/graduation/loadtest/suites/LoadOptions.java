package dev.graduation.loadtest.suites;

import picocli.CommandLine.Option;

/**
 * The load a suite runs under: a history of {@code --max-events} events over {@code --apps} apps,
 * through which the product topology's rate is measured (the maximum on this machine now), and a
 * live rate of {@code --rate} events/s or {@code --load-fraction} of that maximum.
 */
public final class LoadOptions {

  @Option(names = "--apps", description = "Apps in the history and in the live traffic (default 10,000; --quick 1,000).")
  Integer apps;

  @Option(
      names = "--max-events",
      description = "Events loaded first; the product topology's rate through them is the measured maximum"
          + " (default 300,000; --quick 100,000).")
  Integer maxEvents;

  @Option(names = "--rate", description = "Live events/s; default: --load-fraction of the measured maximum.")
  Double rate;

  @Option(names = "--load-fraction", defaultValue = "0.5", description = "Live rate as a fraction of the measured maximum.")
  double loadFraction;

  /** The live rate: the one given, or the fraction of {@code maximum}. */
  double rate(double maximum) {
    return rate != null ? rate : loadFraction * maximum;
  }

  /** How the live rate was chosen, for the report. */
  String rateSource() {
    return rate != null ? "--rate" : loadFraction + " x the measured maximum";
  }
}
