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

  /**
   * Whether {@code text} matches {@link #PATTERN}: 1-64 characters, each an ASCII letter or digit,
   * {@code .}, {@code _} or {@code -}. A loop, because the regex took ~5 % of ingest's request
   * threads ({@code EventValidatorTest} compares both).
   */
  public static boolean isValid(String text) {
    int length = text.length();
    if (length < 1 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
