package dev.graduation.schemas;

import java.util.regex.Pattern;

/**
 * The contract's appId rule, {@code [A-Za-z0-9._-]{1,64}}, for every service that checks one
 * (ingest on the way in, the topology on read, the query API on every path).
 */
public final class AppIds {

  public static final int MAX_LENGTH = 64;

  /** What an appId must match; {@link #isValid} checks it without the regex engine. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  /** The rule as the error messages quote it. */
  public static final String RULE = "must match " + PATTERN.pattern();

  private AppIds() {}

  /** ASCII characters an appId may hold, by code. */
  private static final boolean[] ALLOWED = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      ALLOWED[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      ALLOWED[c] = true;
      ALLOWED[Character.toUpperCase(c)] = true;
    }
    ALLOWED['.'] = true;
    ALLOWED['_'] = true;
    ALLOWED['-'] = true;
  }

  /**
   * Whether {@code text} matches {@link #PATTERN}: 1-64 characters, each an ASCII letter or digit,
   * {@code .}, {@code _} or {@code -}. A table lookup per character, because the regex took ~5 %
   * of ingest's request threads ({@code EventValidatorTest} compares both).
   */
  public static boolean isValid(String text) {
    int length = text.length();
    if (length < 1 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }
}
