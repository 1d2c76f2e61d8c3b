package dev.graduation.loadtest.suites;

import java.util.List;
import java.util.Locale;

/**
 * Whether a series sampled through a soak stayed flat: the mean of its last third against the mean
 * of its middle third (the first third is warm-up: caches filling, the JIT compiling). Flat when
 * {@code last <= middle * (1 + tolerance) + slack}; a series that falls is flat.
 *
 * @param change last / middle - 1
 */
record Flatness(String series, String unit, double middleMean, double lastMean, double change, String verdict, String criterion) {

  static final String FLAT = "flat";
  static final String NOT_FLAT = "not flat";

  static Flatness of(String series, String unit, List<Double> values, double tolerance, double slack, String criterion) {
    int n = values.size();
    double middle = mean(values.subList(n / 3, 2 * n / 3));
    double last = mean(values.subList(2 * n / 3, n));
    boolean flat = last <= middle * (1 + tolerance) + slack;
    return new Flatness(series, unit, middle, last, middle == 0 ? 0 : last / middle - 1, flat ? FLAT : NOT_FLAT, criterion);
  }

  boolean flat() {
    return FLAT.equals(verdict);
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  List<String> row() {
    return List.of(series, String.format(Locale.ROOT, "%,.1f %s", middleMean, unit),
        String.format(Locale.ROOT, "%,.1f %s", lastMean, unit), String.format(Locale.ROOT, "%+.1f %%", 100 * change),
        verdict, criterion);
  }
}
