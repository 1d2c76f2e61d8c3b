package dev.graduation.ingest.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 {@code date-time} strings to instants, truncated to milliseconds (the Avro field is
 * timestamp-millis).
 *
 * <p>{@link #FORMATTER} defines what is accepted. Parsing with it cost ~19 % of ingest's request
 * threads (it builds a field map, resolves, and throws to reject), so the shape every gateway sends,
 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)}, is read at fixed positions by {@link
 * #parseCommonShape}. That path only ever accepts: whenever it is not sure (another shape, a
 * non-ASCII character, a field out of range, an offset beyond 18:00) it answers null and the
 * formatter decides, so results and rejections are the formatter's for every input
 * ({@code Rfc3339Test} compares both over generated strings).
 */
final class Rfc3339 {

  /**
   * Seconds required, 1-9 fraction digits, offset {@code Z} or {@code +hh:mm}; {@code T} and
   * {@code Z} in either case (RFC 3339 section 5.6, note 1). Stricter than {@link
   * DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also takes "10:00Z" and "+02".
   */
  static final DateTimeFormatter FORMATTER =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  /** "yyyy-MM-ddTHH:mm:ssZ" */
  private static final int SHORTEST = 20;
  /** "yyyy-MM-ddTHH:mm:ss.fffffffff+hh:mm" */
  private static final int LONGEST = 35;
  /** Where the fraction or the offset starts. */
  private static final int AFTER_SECONDS = 19;

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Rfc3339() {}

  /** The instant, truncated to milliseconds, or null when {@code text} is no RFC 3339 date-time. */
  static Instant parse(String text) {
    Instant common = parseCommonShape(text);
    return common != null ? common : parseWithFormatter(text);
  }

  /** What {@link #FORMATTER} makes of {@code text}, truncated to milliseconds; null when it rejects. */
  static Instant parseWithFormatter(String text) {
    try {
      return OffsetDateTime.parse(text, FORMATTER).toInstant().truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * The fast path: the instant when {@code text} has the common shape with every field in range,
   * else null (which says nothing about validity: ask the formatter).
   */
  static Instant parseCommonShape(String text) {
    int length = text.length();
    if (length < SHORTEST || length > LONGEST) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    // Any field that is not all digits makes its value negative, and so does the OR of them.
    if ((year | month | day | hour | minute | second) < 0
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) | 0x20) != 't'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }

    int position = AFTER_SECONDS;
    int nanos = 0;
    if (text.charAt(position) == '.') {
      int start = ++position;
      while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
        nanos = nanos * 10 + (text.charAt(position) - '0');
        position++;
      }
      int fractionDigits = position - start;
      if (fractionDigits == 0) {
        return null;
      }
      nanos *= POWERS_OF_TEN[9 - fractionDigits];
    }

    int offsetSeconds;
    int rest = length - position;
    char sign = rest > 0 ? text.charAt(position) : 0;
    if (rest == 1 && (sign | 0x20) == 'z') {
      offsetSeconds = 0;
    } else if (rest == 6 && (sign == '+' || sign == '-') && text.charAt(position + 3) == ':') {
      int offsetHours = digits(text, position + 1, 2);
      int offsetMinutes = digits(text, position + 4, 2);
      // ZoneOffset's range is +-18:00.
      if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59
          || offsetHours > 18 || (offsetHours == 18 && offsetMinutes > 0)) {
        return null;
      }
      offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
    } else {
      return null;
    }

    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos - nanos % 1_000_000);
  }

  /** The value of {@code count} ASCII digits from {@code from}, or a negative number if one is not. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
  private static long epochDay(int year, int month, int day) {
    // Howard Hinnant's days_from_civil: years start in March, so the leap day is the year's last.
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
