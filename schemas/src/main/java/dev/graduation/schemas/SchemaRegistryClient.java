package dev.graduation.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client for the Confluent Schema Registry REST API, the subset that a serde needs.
 *
 * <p>It speaks only the documented REST API, so it works against Confluent Schema Registry,
 * Redpanda, Karapace, Apicurio's Confluent-compatible API and our embedded registry. Ids and
 * schemas never change once assigned, so both directions are cached for the life of the client;
 * one client is shared per registry URL ({@link #forUrl}) so that every serde of a JVM hits the
 * registry once per schema, not once per instance.
 *
 * <p>With credentials ({@code user:password}) every request carries HTTP basic auth, as
 * Confluent's client sends it for {@code basic.auth.credentials.source=USER_INFO}.
 *
 * <p>With {@code schema.registry.ssl.*} settings ({@link RegistryTls}) an HTTPS registry is trusted
 * (and a client certificate presented) from the stores they name instead of the JVM's defaults.
 *
 * <p>A URL of the form {@code mock://scope} gives an in-memory registry shared by every client of
 * that scope in the JVM, as Confluent's serde does: for {@code TopologyTestDriver} tests, which
 * run without a broker and so without a registry.
 */
public class SchemaRegistryClient {

  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Map<String, SchemaRegistryClient> BY_URL = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final String authorization;
  private final HttpClient http;
  final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
  final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public SchemaRegistryClient(String baseUrl) {
    this(baseUrl, null);
  }

  /**
   * @param userInfo {@code user:password} for basic auth, or null for none
   */
  public SchemaRegistryClient(String baseUrl, String userInfo) {
    this(baseUrl, userInfo, Map.of());
  }

  /**
   * @param userInfo {@code user:password} for basic auth, or null for none
   * @param sslSettings {@code schema.registry.ssl.*} settings, prefix kept (empty: JVM defaults)
   * @throws org.apache.kafka.common.config.ConfigException for a store that cannot be opened
   */
  public SchemaRegistryClient(String baseUrl, String userInfo, Map<String, String> sslSettings) {
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri = URI.create(trimmed);
    // Credentials in the URL go in the header, never on the wire as part of the address.
    this.baseUri = uri.getUserInfo() == null ? uri : URI.create(trimmed.replace(uri.getRawUserInfo() + "@", ""));
    this.authorization =
        userInfo == null
            ? null
            : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    SSLContext tls = RegistryTls.sslContext(sslSettings);
    if (tls != null) {
      http.sslContext(tls);
    }
    this.http = http.build();
  }

  /** The shared client for a registry URL (the first of a comma-separated list). */
  public static SchemaRegistryClient forUrl(String urls) {
    return forUrl(urls, null);
  }

  /** The shared client for a registry URL and basic-auth {@code user:password} (or null). */
  public static SchemaRegistryClient forUrl(String urls, String userInfo) {
    return forUrl(urls, userInfo, Map.of());
  }

  /** The same, with {@code schema.registry.ssl.*} settings (prefix kept). */
  public static SchemaRegistryClient forUrl(String urls, String userInfo, Map<String, String> sslSettings) {
    String first = urls.split(",")[0].trim();
    String key = first + '\u0000' + (userInfo == null ? "" : userInfo) + '\u0000' + new TreeMap<>(sslSettings);
    return BY_URL.computeIfAbsent(
        key,
        ignored -> first.startsWith(MOCK_SCHEME) ? new InMemory(first) : new SchemaRegistryClient(first, userInfo, sslSettings));
  }

  public static final String MOCK_SCHEME = "mock://";

  /** Registers (or finds) {@code schema} under {@code subject}; returns its global id. */
  public int register(String subject, Schema schema) {
    return idsBySubjectAndSchema.computeIfAbsent(
        subject + '\u0000' + schema.toString(),
        ignored -> {
          JsonNode reply = post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
          int id = reply.path("id").asInt(-1);
          if (id < 0) {
            throw new SerializationException("Schema registry returned no id for subject " + subject);
          }
          schemasById.putIfAbsent(id, schema);
          return id;
        });
  }

  /** Looks up the id of a schema already registered under {@code subject}, without registering. */
  public int lookup(String subject, Schema schema) {
    return idsBySubjectAndSchema.computeIfAbsent(
        subject + '\u0000' + schema.toString(),
        ignored -> post("/subjects/" + encode(subject), schemaBody(schema)).path("id").asInt());
  }

  /** The writer schema with global id {@code id}. */
  public Schema schemaById(int id) {
    return schemasById.computeIfAbsent(
        id,
        key -> {
          JsonNode reply = send(HttpRequest.newBuilder(uri("/schemas/ids/" + key)).GET());
          String type = reply.path("schemaType").asText("AVRO");
          if (!"AVRO".equals(type)) {
            throw new SerializationException("Schema id " + key + " is " + type + ", not AVRO");
          }
          return new Schema.Parser().parse(reply.path("schema").asText());
        });
  }

  /** Whether {@code schema} may be registered as the next version of {@code subject}. */
  public boolean isCompatibleWithLatest(String subject, Schema schema) {
    JsonNode reply =
        post("/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
    return reply.path("is_compatible").asBoolean(false);
  }

  private static String schemaBody(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new SerializationException("Cannot encode schema", e);
    }
  }

  private JsonNode post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private JsonNode send(HttpRequest.Builder request) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpRequest built = request.header("Accept", CONTENT_TYPE).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SerializationException(
          "Schema registry at " + baseUri + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SerializationException("Interrupted while calling the schema registry", e);
    }
    JsonNode json;
    try {
      json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new SerializationException(
          "Schema registry answered " + response.statusCode() + " with a body that is not JSON", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new SerializationException(
          "Schema registry refused "
              + built.method()
              + " "
              + built.uri().getPath()
              + ": HTTP "
              + response.statusCode()
              + " error_code "
              + json.path("error_code").asText("?")
              + ": "
              + json.path("message").asText(""));
    }
    return json;
  }

  private URI uri(String path) {
    return URI.create(baseUri + path);
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  /** The in-memory registry behind {@code mock://} URLs: ids are assigned, never looked up. */
  private static final class InMemory extends SchemaRegistryClient {

    private final Map<String, Integer> globalIds = new ConcurrentHashMap<>();

    InMemory(String url) {
      super("http://" + url.substring(MOCK_SCHEME.length()));
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
      int id = globalIds.computeIfAbsent(schema.toString(), ignored -> globalIds.size() + 1);
      schemasById.putIfAbsent(id, schema);
      idsBySubjectAndSchema.putIfAbsent(subject + '\u0000' + schema, id);
      return id;
    }

    @Override
    public int lookup(String subject, Schema schema) {
      Integer id = idsBySubjectAndSchema.get(subject + '\u0000' + schema);
      if (id == null) {
        throw new SerializationException("Schema not registered under " + subject);
      }
      return id;
    }

    @Override
    public Schema schemaById(int id) {
      Schema schema = schemasById.get(id);
      if (schema == null) {
        throw new SerializationException("Unknown schema id " + id);
      }
      return schema;
    }

    @Override
    public boolean isCompatibleWithLatest(String subject, Schema schema) {
      return true;
    }
  }
}
