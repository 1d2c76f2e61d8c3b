package dev.graduation.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path of {@link Rfc3339} against the formatter it stands in for: for every input, {@link
 * Rfc3339#parse} must give exactly what {@link Rfc3339#parseWithFormatter} gives (the same instant,
 * or null = rejected), and the fast path must never accept what the formatter rejects.
 */
class Rfc3339Test {

  /** Characters worth trying at any position: the ASCII range and look-alikes from elsewhere. */
  private static final char[] TRICKY_CHARACTERS = tricky();

  private static char[] tricky() {
    StringBuilder chars = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      chars.append(c);
    }
    // Digits of other scripts (Arabic-Indic, fullwidth, Devanagari), characters whose case mapping
    // lands in ASCII (dotless i, long s, Kelvin sign), fullwidth separators and letters.
    chars.append("\u0660\u0665\u0669\u06F0\u0966\uFF10\uFF15\uFF19\u0131\u0130\u017F\u212A");
    chars.append("\uFF0D\uFF1A\uFF0B\uFF34\uFF3A\uFF54\uFF5A\u2212\u00A0\u2010");
    return chars.toString().toCharArray();
  }

  /** Asserts that both paths agree on {@code text}; returns whether it was accepted. */
  private static boolean assertSameAsFormatter(String text) {
    Instant expected = Rfc3339.parseWithFormatter(text);
    Instant fast = Rfc3339.parseCommonShape(text);
    Instant parsed = Rfc3339.parse(text);
    // Checked by hand first: AssertJ per string would dominate the run time of the loops below.
    if ((fast != null && !fast.equals(expected)) || !Objects.equals(parsed, expected)) {
      if (fast != null) {
        assertThat(fast).as("fast path for \"%s\"", text).isEqualTo(expected);
      }
      assertThat(parsed).as("\"%s\"", text).isEqualTo(expected);
    }
    return expected != null;
  }

  /**
   * The fast path alone against the formatter, for the exhaustive loops: when it answers null,
   * {@link Rfc3339#parse} is the formatter by construction, and parsing twice would only double the
   * cost of the formatter's exceptions.
   */
  private static void assertFastPathAgrees(String text) {
    Instant fast = Rfc3339.parseCommonShape(text);
    if (fast != null) {
      assertSameAsFormatter(text);
    } else if (Rfc3339.parseWithFormatter(text) != null) {
      assertThat(fast).as("fast path for \"%s\", which the formatter accepts", text).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-05T10:00:00Z",
        "2026-01-05t10:00:00z",
        "2026-01-05T10:00:00.1Z",
        "2026-01-05T10:00:00.12Z",
        "2026-01-05T10:00:00.123Z",
        "2026-01-05T10:00:00.1234Z",
        "2026-01-05T10:00:00.123456789Z",
        "2026-01-05T11:58:30.250+02:00",
        "2026-01-05T04:30:00-05:30",
        "2026-01-05T10:00:00-00:00",
        "2026-01-05T10:00:00+18:00",
        "2026-01-05T10:00:00-18:00",
        "2024-02-29T23:59:59.999Z",
        "2000-02-29T00:00:00Z",
        "0000-02-29T00:00:00Z",
        "0000-01-01T00:00:00+18:00",
        "9999-12-31T23:59:59.999999999-18:00",
        "1969-12-31T23:59:59.9995Z",
      })
  void theCommonShapesTakeTheFastPathAndAgreeWithTheFormatter(String text) {
    assertThat(Rfc3339.parseCommonShape(text)).as(text).isNotNull();
    assertSameAsFormatter(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-05T10:00Z",
        "2026-01-05T10:00:00",
        "2026-01-05 10:00:00Z",
        "2026-01-05T10:00:00+02",
        "2026-01-05T10:00:00+0200",
        "2026-02-30T10:00:00Z",
        "2025-02-29T10:00:00Z",
        "1900-02-29T10:00:00Z",
        "2026-04-31T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-00-01T10:00:00Z",
        "2026-01-00T10:00:00Z",
        "2026-01-05T24:00:00Z",
        "2026-01-05T10:60:00Z",
        "2026-01-05T23:59:60Z",
        "2026-01-05T10:00:00.Z",
        "2026-01-05T10:00:00.1234567890Z",
        "2026-01-05T10:00:00,5Z",
        "2026-01-05T10:00:00+18:01",
        "2026-01-05T10:00:00+19:00",
        "2026-01-05T10:00:00+24:00",
        "2026-01-05T10:00:00+02:60",
        "2026-01-05T10:00:00.5",
        "2026-01-05T10:00:00.123456789",
        "2026-01-05T10:00:00ZZ",
        "2026-01-05T10:00:00Z ",
        " 2026-01-05T10:00:00Z",
        "+2026-01-05T10:00:00Z",
        "-2026-01-05T10:00:00Z",
        "12026-01-05T10:00:00Z",
        "2026-1-05T10:00:00Z",
        "\uFF12026-01-05T10:00:00Z",
        "2026-01-05",
        "",
      })
  void everythingElseIsRejectedAsBefore(String text) {
    assertThat(Rfc3339.parseWithFormatter(text)).as(text).isNull();
    assertThat(Rfc3339.parseCommonShape(text)).as(text).isNull();
    assertThat(Rfc3339.parse(text)).as(text).isNull();
  }

  @Test
  void theFastPathTruncatesToMillisecondsLikeTheFormatterPath() {
    assertThat(Rfc3339.parse("2026-01-05T09:59:59.123456789Z"))
        .isEqualTo(Instant.parse("2026-01-05T09:59:59.123Z"));
    assertThat(Rfc3339.parse("1969-12-31T23:59:59.9995Z"))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
    assertThat(Rfc3339.parse("2026-01-05T11:58:30.250+02:00"))
        .isEqualTo(Instant.parse("2026-01-05T09:58:30.250Z"));
  }

  /**
   * The last days of every month (28-32), in one whole 400-year Gregorian cycle, the years around
   * now and every 13th year up to 9999, at a fixed time and offset; and the first of each month.
   */
  @Test
  void monthEndsAndLeapDaysAgreeWithTheFormatter() {
    int accepted = 0;
    int acceptedByFastPath = 0;
    for (int year = 0; year <= 9999; year++) {
      if (year > 400 && (year < 1890 || year > 2110) && year % 13 != 0) {
        continue;
      }
      for (int month = 1; month <= 12; month++) {
        for (int day = 28; day <= 32; day++) {
          String text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T12:34:56.789-03:30";
          if (assertSameAsFormatter(text)) {
            accepted++;
            acceptedByFastPath += Rfc3339.parseCommonShape(text) != null ? 1 : 0;
          }
        }
        String first = pad(year, 4) + "-" + pad(month, 2) + "-01T00:00:00Z";
        assertSameAsFormatter(first);
        assertThat(Rfc3339.parseCommonShape(first)).as(first).isNotNull();
      }
    }
    // 1,344 years: 12 x 28th, 11 x 29th (+1 in the 326 leap years), 11 x 30th, 7 x 31st.
    assertThat(accepted).isEqualTo(1344 * 41 + 326);
    assertThat(acceptedByFastPath).isEqualTo(accepted);
  }

  /**
   * Any character at the two case-insensitive positions ('T' and 'Z'): only ASCII t/T and z/Z are
   * taken, exactly as by the formatter's case-insensitive literal matching.
   */
  @Test
  void everyCharacterAsTheDateTimeSeparatorAndTheZulu() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      char ch = (char) c;
      assertFastPathAgrees("2026-01-05" + ch + "10:00:00Z");
      assertFastPathAgrees("2026-01-05T10:00:00.5" + ch);
    }
  }

  /** Every tricky character at every position of a few valid strings: one typo at a time. */
  @Test
  void oneWrongCharacterAtAnyPositionIsTreatedAsByTheFormatter() {
    String[] templates = {
      "2024-02-29T23:59:59Z", "2026-01-05T11:58:30.250+02:00", "2026-01-05T04:30:00.123456789-05:30",
    };
    for (String template : templates) {
      for (int i = 0; i < template.length(); i++) {
        for (char c : TRICKY_CHARACTERS) {
          assertSameAsFormatter(template.substring(0, i) + c + template.substring(i + 1));
        }
        // Left out and doubled.
        assertSameAsFormatter(template.substring(0, i) + template.substring(i + 1));
        assertSameAsFormatter(template.substring(0, i + 1) + template.substring(i));
      }
    }
  }

  /**
   * Seeded random strings near the shape: random fields (in and out of range, 1-9 or 0/10 fraction
   * digits, offsets up to +-24:99), separators mostly right, sometimes wrong.
   */
  @Test
  void seededRandomStringsAgreeWithTheFormatter() {
    SplittableRandom random = new SplittableRandom(20261125L);
    int accepted = 0;
    int acceptedByFastPath = 0;
    int total = 60_000;
    for (int i = 0; i < total; i++) {
      String text = nearlyRfc3339(random);
      if (assertSameAsFormatter(text)) {
        accepted++;
        acceptedByFastPath += Rfc3339.parseCommonShape(text) != null ? 1 : 0;
      }
    }
    // Both kinds are well represented, and every accepted string of this generator has the common
    // shape, so the fast path must have taken all of them.
    assertThat(accepted).isBetween(total / 10, total - total / 10);
    assertThat(acceptedByFastPath).isEqualTo(accepted);
  }

  private static String nearlyRfc3339(SplittableRandom random) {
    StringBuilder out = new StringBuilder(40);
    out.append(pad(random.nextInt(100) < 90 ? random.nextInt(1900, 2100) : random.nextInt(10_000), 4));
    out.append(separator(random, '-'));
    out.append(pad(random.nextInt(100) < 95 ? random.nextInt(1, 13) : random.nextInt(0, 100), 2));
    out.append(separator(random, '-'));
    out.append(pad(random.nextInt(100) < 90 ? random.nextInt(1, 29) : random.nextInt(0, 40), 2));
    out.append(separator(random, random.nextBoolean() ? 'T' : 't'));
    out.append(pad(random.nextInt(100) < 95 ? random.nextInt(24) : random.nextInt(100), 2));
    out.append(separator(random, ':'));
    out.append(pad(random.nextInt(100) < 95 ? random.nextInt(60) : random.nextInt(100), 2));
    out.append(separator(random, ':'));
    out.append(pad(random.nextInt(100) < 95 ? random.nextInt(60) : random.nextInt(100), 2));
    int fraction = random.nextInt(100);
    if (fraction < 60) {
      int digits = fraction < 2 ? (fraction == 0 ? 0 : 10) : random.nextInt(1, 10);
      out.append('.');
      for (int d = 0; d < digits; d++) {
        out.append((char) ('0' + random.nextInt(10)));
      }
    }
    int offset = random.nextInt(100);
    if (offset < 40) {
      out.append(random.nextBoolean() ? 'Z' : 'z');
    } else if (offset < 97) {
      out.append(random.nextBoolean() ? '+' : '-');
      out.append(pad(random.nextInt(100) < 80 ? random.nextInt(19) : random.nextInt(25), 2));
      out.append(separator(random, ':'));
      out.append(pad(random.nextInt(100) < 90 ? 15 * random.nextInt(4) : random.nextInt(100), 2));
    } // else no offset at all
    if (random.nextInt(100) == 0) {
      out.insert(random.nextInt(out.length() + 1), TRICKY_CHARACTERS[random.nextInt(TRICKY_CHARACTERS.length)]);
    }
    return out.toString();
  }

  /** Mostly the expected separator; 2 % of the time something else. */
  private static char separator(SplittableRandom random, char expected) {
    return random.nextInt(100) < 98 ? expected : TRICKY_CHARACTERS[random.nextInt(TRICKY_CHARACTERS.length)];
  }

  private static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  @Test
  void theGeneratorMakesBothValidAndInvalidStrings() {
    SplittableRandom random = new SplittableRandom(1);
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sample.add(nearlyRfc3339(random));
    }
    assertThat(sample).anyMatch(s -> Rfc3339.parse(s) == null);
    assertThat(sample).anyMatch(s -> s.contains("+") && Rfc3339.parse(s) != null);
    assertThat(sample).anyMatch(s -> s.matches(".*\\.\\d{9}[Zz+-].*") && Rfc3339.parse(s) != null);
  }
}
