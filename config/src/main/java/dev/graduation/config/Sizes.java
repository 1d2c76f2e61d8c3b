package dev.graduation.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size syntax of both services: bytes ({@code 1048576}), or with a binary ({@code 512KiB},
 * {@code 10MiB}, {@code 1GiB}) or decimal ({@code 10MB}) unit.
 */
public final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);
  private static final String[] BINARY_UNITS = {"GiB", "MiB", "KiB"};

  private Sizes() {}

  /** @throws IllegalArgumentException saying which forms are understood, or that it is too large */
  public static long parse(String value) {
    Matcher m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + value + "' is not a size such as 1048576, 512KiB or 10MiB");
    }
    long number = parseLong(m.group(1), value);
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "KIB" -> 1L << 10;
          case "MIB" -> 1L << 20;
          case "GIB" -> 1L << 30;
          case "KB" -> 1_000L;
          case "MB" -> 1_000_000L;
          case "GB" -> 1_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(number, factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
  }

  /** The largest binary unit that divides the size exactly: 10MiB, 512KiB, 1000. */
  public static String format(long bytes) {
    for (int i = 0; i < BINARY_UNITS.length; i++) {
      long factor = 1L << (10 * (BINARY_UNITS.length - i));
      if (bytes != 0 && bytes % factor == 0) {
        return bytes / factor + BINARY_UNITS[i];
      }
    }
    return Long.toString(bytes);
  }

  static long parseLong(String digits, String value) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is too large");
    }
  }
}
