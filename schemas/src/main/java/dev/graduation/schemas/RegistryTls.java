package dev.graduation.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * The registry client's TLS settings, under the names Confluent's clients give them: {@code
 * schema.registry.ssl.truststore.location}, {@code .truststore.password}, {@code .truststore.type}
 * (JKS or PKCS12, default JKS as Confluent's), the same three for {@code keystore} (a client
 * certificate, for a registry that asks for one), {@code schema.registry.ssl.key.password}
 * (default: the keystore's password) and {@code schema.registry.ssl.protocol} (default TLS).
 * Without a truststore the JVM's own trust store decides, as for any HTTPS call.
 *
 * <p>A store that cannot be opened is a {@link ConfigException} naming the setting at fault, at
 * the first serde's configuration, not a handshake failure at the first record.
 */
final class RegistryTls {

  static final String PREFIX = "schema.registry.ssl.";

  private RegistryTls() {}

  /** The {@code schema.registry.ssl.*} entries of a serde config, prefix kept. */
  static Map<String, String> settings(Map<String, ?> configs) {
    Map<String, String> ssl = new TreeMap<>();
    configs.forEach((key, value) -> {
      if (key.startsWith(PREFIX) && value != null) {
        ssl.put(key, value.toString());
      }
    });
    return ssl;
  }

  /**
   * The SSL context for these settings, or null when they name no store (the JVM default then).
   *
   * @throws ConfigException for a store that is missing, unreadable or opened with a wrong password
   */
  static SSLContext sslContext(Map<String, String> settings) {
    String endpointCheck = settings.get(PREFIX + "endpoint.identification.algorithm");
    if (endpointCheck != null && !endpointCheck.equalsIgnoreCase("https")) {
      throw new ConfigException(PREFIX + "endpoint.identification.algorithm", endpointCheck,
          "only https is supported: the registry's certificate must name its host");
    }
    String truststore = settings.get(PREFIX + "truststore.location");
    String keystore = settings.get(PREFIX + "keystore.location");
    if (truststore == null && keystore == null) {
      return null;
    }
    try {
      TrustManager[] trust = null;
      if (truststore != null) {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(settings, "truststore"));
        trust = factory.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (keystore != null) {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        String keyPassword = settings.getOrDefault(PREFIX + "key.password", settings.get(PREFIX + "keystore.password"));
        try {
          factory.init(load(settings, "keystore"), chars(keyPassword));
        } catch (UnrecoverableKeyException e) {
          throw new ConfigException(PREFIX + "key.password: wrong password for the private key in " + keystore);
        }
        keys = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance(settings.getOrDefault(PREFIX + "protocol", "TLS"));
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new ConfigException("cannot set up TLS for the schema registry from " + PREFIX + "*: " + e.getMessage());
    }
  }

  /** The {@code truststore} or {@code keystore} the settings name, opened with its password. */
  private static KeyStore load(Map<String, String> settings, String which) throws GeneralSecurityException {
    String location = settings.get(PREFIX + which + ".location");
    String type = settings.getOrDefault(PREFIX + which + ".type", "JKS");
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(settings.get(PREFIX + which + ".password")));
    } catch (NoSuchFileException e) {
      throw new ConfigException(PREFIX + which + ".location: no such file " + location);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ConfigException(PREFIX + which + ".password: wrong password for " + location);
      }
      throw new ConfigException(
          PREFIX + which + ".location: cannot read " + location + " as a " + type + " store (" + PREFIX + which
              + ".type): " + e.getMessage());
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
