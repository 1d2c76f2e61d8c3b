package dev.graduation.streams.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Small wording helpers, so every rule counts and lists things the same way. */
final class Phrases {

  /** Where rules send an app to (re-)register: contract section 4. */
  static final String REGISTER = "PUT /v1/apps/{appId}";

  private Phrases() {}

  /** "1 successful API call", "2 successful API calls": the last word takes the plural s. */
  static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }

  /** "a", "a and b", "a, b and c". */
  static String join(List<String> items) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /**
   * 0.05 as "5%", 0.0333 as "3.33%": a fraction shown as a percentage, exact, no trailing zeros.
   */
  static String percent(double fraction) {
    return plain(BigDecimal.valueOf(fraction).movePointRight(2)) + "%";
  }

  /** A number without trailing zeros or exponent: 0.50 as "0.5", 2E+1 as "20". */
  static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  /** A double threshold as written in the config: 0.5 as "0.5". */
  static String plain(double value) {
    return plain(BigDecimal.valueOf(value));
  }

  /** numerator / denominator rounded half-up to {@code scale} decimals. */
  static BigDecimal ratio(long numerator, long denominator, int scale) {
    return BigDecimal.valueOf(numerator)
        .divide(BigDecimal.valueOf(denominator), scale, RoundingMode.HALF_UP);
  }
}
