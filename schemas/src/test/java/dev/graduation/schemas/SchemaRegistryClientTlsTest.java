package dev.graduation.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client over HTTPS with {@code schema.registry.ssl.*}: a registry whose certificate
 * (self-signed, made by the JDK's keytool for 127.0.0.1) only the given truststore trusts. Seen
 * failing with the settings ignored (the client built without the SSL context): the register call
 * failed with "PKIX path building failed", as the untrusted case below still does.
 */
class SchemaRegistryClientTlsTest {

  private static final String PASSWORD = "store-secret";
  private static final Schema SCHEMA =
      new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");

  @TempDir static Path dir;
  private static HttpsServer registry;
  private static Path truststore;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = dir.resolve("registry.p12");
    truststore = dir.resolve("truststore.p12");
    Path certificate = dir.resolve("registry.crt");
    keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", PASSWORD);
    keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", PASSWORD);

    registry = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.setHttpsConfigurator(new HttpsConfigurator(serverContext(keystore)));
    // Confluent's answer to a registration.
    registry.createContext("/subjects/t-value/versions", exchange -> {
      byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    registry.start();
  }

  @AfterAll
  static void stop() {
    registry.stop(0);
  }

  private static String url() {
    return "https://127.0.0.1:" + registry.getAddress().getPort();
  }

  private static Map<String, String> trusting(String password) {
    return Map.of(
        "schema.registry.ssl.truststore.location", truststore.toString(),
        "schema.registry.ssl.truststore.type", "PKCS12",
        "schema.registry.ssl.truststore.password", password);
  }

  @Test
  void aRegistryTrustedThroughTheTruststoreSettingsAnswers() {
    assertThat(new SchemaRegistryClient(url(), null, trusting(PASSWORD)).register("t-value", SCHEMA)).isEqualTo(7);
  }

  @Test
  void theSerdeConfigCarriesTheSettingsToItsClient() {
    Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url(),
        "schema.registry.ssl.truststore.location", truststore.toString(),
        "schema.registry.ssl.truststore.type", "PKCS12",
        "schema.registry.ssl.truststore.password", PASSWORD);
    assertThat(AvroSerdeConfig.from(serde).client().register("t-value", SCHEMA)).isEqualTo(7);
  }

  @Test
  void withoutTheSettingsTheSelfSignedRegistryIsNotTrusted() {
    assertThatThrownBy(() -> new SchemaRegistryClient(url(), null, Map.of()).register("t-value", SCHEMA))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Schema registry at " + url() + " is unreachable: ")
        .hasMessageContaining("PKIX path building failed");
  }

  @Test
  void aWrongTruststorePasswordIsAConfigErrorNamingTheSetting() {
    assertThatThrownBy(() -> new SchemaRegistryClient(url(), null, trusting("not-it")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.ssl.truststore.password: wrong password for " + truststore);
    assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url(),
            "schema.registry.ssl.truststore.location", dir.resolve("missing.jks").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.ssl.truststore.location: no such file " + dir.resolve("missing.jks"));
  }

  @Test
  void aWrongKeystorePasswordIsAConfigErrorToo() {
    assertThatThrownBy(() -> new SchemaRegistryClient(url(), null, Map.of(
            "schema.registry.ssl.keystore.location", dir.resolve("registry.p12").toString(),
            "schema.registry.ssl.keystore.type", "PKCS12",
            "schema.registry.ssl.keystore.password", "not-it")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("schema.registry.ssl.keystore.password: wrong password for " + dir.resolve("registry.p12"));
  }

  private static SSLContext serverContext(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** The JDK's keytool, the one tool that makes a certificate without a library. */
  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
