package dev.graduation.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a setting's text becomes a typed value and back, with the placeholder {@code --help} shows.
 * Parsers throw {@link IllegalArgumentException} with a message that quotes the bad text and says
 * what was expected; the resolver adds the setting and the source.
 *
 * @param label placeholder in {@code --help}, e.g. {@code DURATION}
 */
public record ValueType<T>(String label, Function<String, T> parser, Function<T, String> formatter) {

  public static final ValueType<String> TEXT = new ValueType<>("TEXT", text -> text, text -> text);
  public static final ValueType<Integer> INT = new ValueType<>("N", ValueType::parseInt, String::valueOf);
  public static final ValueType<Long> LONG = new ValueType<>("N", ValueType::parseLong, String::valueOf);
  public static final ValueType<Double> DECIMAL = new ValueType<>("NUMBER", ValueType::parseDouble, String::valueOf);
  /** {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code 7d} or ISO-8601 ({@code PT15S}). */
  public static final ValueType<Duration> DURATION = new ValueType<>("DURATION", Durations::parse, Durations::format);
  /** Bytes, or with {@code KiB}/{@code MiB}/{@code GiB} or {@code KB}/{@code MB}/{@code GB}. */
  public static final ValueType<Long> SIZE = new ValueType<>("SIZE", Sizes::parse, Sizes::format);
  /** Comma-separated; blanks dropped, so {@code "a, b,,c"} is {@code [a, b, c]}. */
  public static final ValueType<List<String>> LIST =
      new ValueType<>("A[,B...]", ValueType::parseList, list -> String.join(",", list));
  public static final ValueType<Path> PATH = new ValueType<>("PATH", Path::of, Path::toString);

  /** One of an enum's constants, written in lower case (parsed case-insensitively). */
  public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(ValueType::lowerCase).toList();
    return new ValueType<>(
        String.join("|", names),
        text -> {
          for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
              return constant;
            }
          }
          throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", names));
        },
        ValueType::lowerCase);
  }

  /** The same type under another placeholder, e.g. {@code HOST:PORT[,...]}. */
  public ValueType<T> labelled(String placeholder) {
    return new ValueType<>(placeholder, parser, formatter);
  }

  public T parse(String text) {
    return parser.apply(text);
  }

  public String format(T value) {
    return formatter.apply(value);
  }

  private static String lowerCase(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an integer");
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an integer");
    }
  }

  private static double parseDouble(String text) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a number such as 0.05");
  }

  private static List<String> parseList(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }
}
