package dev.graduation.config;

import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One configurable value of a service's config record {@code C}, declared once: its key, what it
 * means, how its text is read and written, and where it lives in {@code C}. Its default is what
 * the service's {@code defaults()} record holds, so there is no second copy of it here.
 *
 * <p>Names follow one scheme: file key {@code bootstrap.servers}, option {@code
 * --bootstrap-servers}, environment variable {@code <PREFIX>_BOOTSTRAP_SERVERS}.
 */
public final class Setting<C> {

  private final String key;
  private final String label;
  private final String description;
  private final boolean secret;
  private final boolean required;
  private final Function<C, String> reader;
  private final BiFunction<C, String, C> writer;

  private Setting(
      String key, String label, String description, boolean secret, boolean required,
      Function<C, String> reader, BiFunction<C, String, C> writer) {
    this.key = key;
    this.label = label;
    this.description = description;
    this.secret = secret;
    this.required = required;
    this.reader = reader;
    this.writer = writer;
  }

  /**
   * @param key dotted lower case, e.g. {@code bootstrap.servers}
   * @param description what it does, lower case, without a final period
   * @param get reads the value from a config (the default: from the defaults)
   * @param set a config with this value, the others unchanged
   */
  public static <C, T> Setting<C> of(
      String key, ValueType<T> type, String description, Function<C, T> get, BiFunction<C, T, C> set) {
    return new Setting<>(
        key, type.label(), description, false, false,
        config -> type.format(get.apply(config)),
        (config, text) -> set.apply(config, type.parse(text)));
  }

  /** Never printed: {@code --help} and the effective configuration show {@link Secrets#MASK}. */
  public Setting<C> secret() {
    return new Setting<>(key, label, description, true, required, reader, writer);
  }

  /** Must be given: there is no usable default. */
  public Setting<C> required() {
    return new Setting<>(key, label, description, secret, true, reader, writer);
  }

  public String key() {
    return key;
  }

  /** The command-line option, e.g. {@code --bootstrap-servers}. */
  public String option() {
    return "--" + key.replace('.', '-');
  }

  /** The environment variable, e.g. {@code INGEST_BOOTSTRAP_SERVERS} for prefix {@code INGEST}. */
  public String envVar(String prefix) {
    return envName(prefix, key);
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  public boolean isSecret() {
    return secret;
  }

  public boolean isRequired() {
    return required;
  }

  /** The value in {@code config} as text this setting reads back ("" for an empty list). */
  public String text(C config) {
    return reader.apply(config);
  }

  /** {@link #text}, or {@link Secrets#MASK} for a secret that has a value. */
  public String shown(C config) {
    String text = text(config);
    return secret && !text.isEmpty() ? Secrets.MASK : Secrets.maskUrlPasswords(text);
  }

  /**
   * {@code config} with this setting's value read from {@code text}.
   *
   * @throws IllegalArgumentException for text the type cannot read or the config refuses
   */
  public C apply(C config, String text) {
    return writer.apply(config, text.trim());
  }

  /** {@code <PREFIX>_} + the key in upper case, dots and dashes as underscores. */
  static String envName(String prefix, String key) {
    return prefix + "_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
