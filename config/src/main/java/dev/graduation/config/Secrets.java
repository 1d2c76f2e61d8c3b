package dev.graduation.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which values must never be printed or logged, and what is printed instead. A key is secret if
 * its name says so the way Kafka and Confluent name their secrets ({@code ssl.key.password},
 * {@code sasl.jaas.config}, {@code basic.auth.user.info}, {@code ...client.secret}, {@code ssl.keystore.key}, our tokens);
 * credentials inside a URL ({@code https://user:password@host}) are masked wherever they appear.
 */
public final class Secrets {

  /** What a secret value is printed as. */
  public static final String MASK = "<masked>";

  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*:)[^/@\\s]*@");
  private static final String[] SECRET_PARTS = {"password", "secret", "jaas.config", "user.info"};
  // ".key": ssl.keystore.key, a PEM private key given inline. Not "token" anywhere in the key:
  // sasl.oauthbearer.token.endpoint.url is an address, not a secret.
  private static final String[] SECRET_ENDINGS = {"token", "tokens", ".key"};

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String part : SECRET_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    for (String ending : SECRET_ENDINGS) {
      if (lower.endsWith(ending)) {
        return true;
      }
    }
    return false;
  }

  /** The value as it may be shown for this key: {@link #MASK} for a secret key. */
  public static String shown(String key, String value) {
    return isSecretKey(key) ? MASK : maskUrlPasswords(value);
  }

  /** {@code http://user:pw@host} becomes {@code http://user:<masked>@host}. */
  public static String maskUrlPasswords(String text) {
    return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
  }
}
