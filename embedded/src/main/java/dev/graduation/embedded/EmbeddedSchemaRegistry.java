package dev.graduation.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the Confluent Schema Registry REST API that serdes and ops tooling use, for Avro
 * schemas, with BACKWARD compatibility checked against the latest version of a subject.
 *
 * <p>State lives in the compacted topic {@code _schemas}: every registration is written there
 * (acks=all) before it is answered, and a starting registry replays the topic, so ids survive
 * restarts. Registrations are serialised, which keeps ids and versions unique; there must be one
 * registry per {@code _schemas} topic (no leader election as in the real one).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = "127.0.0.1";

  private final String bootstrapServers;
  private final int requestedPort;
  private final String schemasTopic;
  private final SchemaStore store = new SchemaStore();
  private final Object registrationLock = new Object();
  private SchemasTopic topic;
  private Javalin http;

  /** A registry on {@code port} of 127.0.0.1 (0: any free port) backed by the given Kafka. */
  public EmbeddedSchemaRegistry(String bootstrapServers, int port) {
    this(bootstrapServers, port, SchemasTopic.DEFAULT_TOPIC);
  }

  /** Tests give each registry its own topic, so that each one starts empty on a shared broker. */
  EmbeddedSchemaRegistry(String bootstrapServers, int port, String schemasTopic) {
    this.bootstrapServers = bootstrapServers;
    this.requestedPort = port;
    this.schemasTopic = schemasTopic;
  }

  /** Creates {@code _schemas} if missing, replays it, then starts serving HTTP. */
  public synchronized EmbeddedSchemaRegistry start() {
    if (http != null) {
      return this;
    }
    SchemasTopic schemas = new SchemasTopic(bootstrapServers, schemasTopic);
    schemas.ensureExists();
    schemas.replayInto(store);
    topic = schemas;
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.startupWatcherEnabled = false;
              config.router.ignoreTrailingSlashes = true;
            });
    routes(app);
    try {
      http = app.start(HOST, requestedPort);
    } catch (RuntimeException e) {
      schemas.close();
      topic = null;
      throw new IllegalStateException("Schema registry cannot listen on " + HOST + ":" + requestedPort, e);
    }
    LOG.info("Schema registry serving on {} (Kafka {})", url(), bootstrapServers);
    return this;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + HOST + ":" + port();
  }

  /** The bound port; the requested one until started. */
  public synchronized int port() {
    return http != null ? http.port() : requestedPort;
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.stop();
      http = null;
    }
    if (topic != null) {
      topic.close();
      topic = null;
    }
  }

  private void routes(Javalin app) {
    app.get("/", ctx -> reply(ctx, 200, JSON.createObjectNode()));
    app.get("/config", ctx -> reply(ctx, 200, Map.of("compatibilityLevel", "BACKWARD")));
    app.get("/config/{subject}", ctx -> reply(ctx, 200, Map.of("compatibilityLevel", "BACKWARD")));
    app.get("/schemas/types", ctx -> reply(ctx, 200, List.of("AVRO")));
    app.get("/schemas/ids/{id}", this::schemaById);
    app.get("/subjects", ctx -> reply(ctx, 200, store.subjects()));
    app.get("/subjects/{subject}/versions", ctx -> reply(ctx, 200, store.versions(subject(ctx))));
    app.get("/subjects/{subject}/versions/{version}", this::getVersion);
    app.post("/subjects/{subject}/versions", this::register);
    app.post("/subjects/{subject}", this::lookup);
    app.post("/compatibility/subjects/{subject}/versions/{version}", this::checkCompatibility);

    app.exception(RegistryException.class, (e, ctx) -> error(ctx, e.status(), e.errorCode(), e.getMessage()));
    app.exception(
        HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getStatus(), e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.warn("Schema registry failed on {} {}", ctx.method(), ctx.path(), e);
          error(ctx, 500, 500, "Internal Server Error");
        });
    // Unmatched routes and methods get Javalin's plain-text page unless we answer first.
    app.error(404, ctx -> errorIfUnanswered(ctx, 404, "HTTP 404 Not Found"));
    app.error(405, ctx -> errorIfUnanswered(ctx, 405, "HTTP 405 Method Not Allowed"));
  }

  private void schemaById(Context ctx) {
    int id = parseId(ctx.pathParam("id"));
    String schema =
        store.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound("Schema " + id));
    reply(ctx, 200, Map.of("schema", schema));
  }

  private void getVersion(Context ctx) {
    String subject = subject(ctx);
    reply(ctx, 200, versionJson(resolveVersion(subject, ctx.pathParam("version"))));
  }

  private void register(Context ctx) {
    String subject = subject(ctx);
    Schema schema = parseSchema(ctx);
    String text = schema.toString();
    RegisteredSchema registered;
    // One registration at a time: the id and version chosen here must still be free when the
    // record lands in _schemas and the store is updated.
    synchronized (registrationLock) {
      Optional<RegisteredSchema> existing = store.find(subject, text);
      if (existing.isPresent()) {
        registered = existing.get();
      } else {
        Optional<RegisteredSchema> latest = store.latest(subject);
        if (latest.isPresent()) {
          List<String> problems = incompatibilities(schema, latest.get());
          if (!problems.isEmpty()) {
            throw new RegistryException(
                409,
                409,
                "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject
                    + "\", details: "
                    + problems);
          }
        }
        registered =
            new RegisteredSchema(subject, store.nextVersion(subject), store.idFor(text), text);
        topic.append(registered);
        store.apply(registered);
        LOG.info("Registered {} version {} as id {}", subject, registered.version(), registered.id());
      }
    }
    reply(ctx, 200, Map.of("id", registered.id()));
  }

  private void lookup(Context ctx) {
    String subject = subject(ctx);
    Schema schema = parseSchema(ctx);
    if (!store.hasSubject(subject)) {
      throw RegistryException.subjectNotFound(subject);
    }
    RegisteredSchema found =
        store
            .find(subject, schema.toString())
            .orElseThrow(() -> RegistryException.schemaNotFound("Schema"));
    reply(ctx, 200, versionJson(found));
  }

  private void checkCompatibility(Context ctx) {
    String subject = subject(ctx);
    String version = ctx.pathParam("version");
    Schema schema = parseSchema(ctx);
    // Nothing registered yet: anything is compatible, as in Confluent's registry.
    if ("latest".equals(version) && !store.hasSubject(subject)) {
      reply(ctx, 200, Map.of("is_compatible", true));
      return;
    }
    RegisteredSchema against = resolveVersion(subject, version);
    List<String> problems = incompatibilities(schema, against);
    ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (ctx.queryParam("verbose") != null && Boolean.parseBoolean(ctx.queryParam("verbose"))) {
      body.set("messages", JSON.valueToTree(problems));
    }
    reply(ctx, 200, body);
  }

  /**
   * BACKWARD: consumers on the new schema must read what producers wrote with {@code previous},
   * i.e. the new schema as reader against the previous one as writer.
   */
  private static List<String> incompatibilities(Schema candidate, RegisteredSchema previous) {
    Schema writer = new Schema.Parser().parse(previous.schema());
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(candidate, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getIncompatibilities().stream()
        .map(
            i ->
                "{errorType:'"
                    + i.getType()
                    + "', description:'"
                    + i.getMessage()
                    + "', location:'"
                    + i.getLocation()
                    + "', version:"
                    + previous.version()
                    + "}")
        .collect(Collectors.toList());
  }

  private RegisteredSchema resolveVersion(String subject, String version) {
    if ("latest".equals(version) || "-1".equals(version)) {
      return store.latest(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
    }
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw RegistryException.invalidVersion(version);
    }
    if (number < 1) {
      throw RegistryException.invalidVersion(version);
    }
    return store.version(subject, number);
  }

  /** The schema of a register/lookup/compatibility body; whatever its Content-Type says. */
  private static Schema parseSchema(Context ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw new RegistryException(400, 400, "Request body is not JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new RegistryException(400, 400, "Request body must be a JSON object with a \"schema\" field");
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw RegistryException.invalidSchema("schema type " + type + " is not supported, only AVRO");
    }
    if (body.path("references").isArray() && !body.path("references").isEmpty()) {
      throw RegistryException.invalidSchema("schema references are not supported");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
      throw RegistryException.invalidSchema("empty schema");
    }
    try {
      return new Schema.Parser().parse(schema.asText());
    } catch (RuntimeException e) {
      throw RegistryException.invalidSchema(e.getMessage());
    }
  }

  private static int parseId(String id) {
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw RegistryException.schemaNotFound("Schema " + id);
    }
  }

  private static String subject(Context ctx) {
    return ctx.pathParam("subject");
  }

  private static ObjectNode versionJson(RegisteredSchema registered) {
    return JSON.createObjectNode()
        .put("subject", registered.subject())
        .put("version", registered.version())
        .put("id", registered.id())
        .put("schema", registered.schema());
  }

  private static void error(Context ctx, int status, int errorCode, String message) {
    reply(ctx, status, JSON.createObjectNode().put("error_code", errorCode).put("message", message));
  }

  private static void errorIfUnanswered(Context ctx, int status, String message) {
    if (ctx.attribute("registry.answered") == null) {
      error(ctx, status, status, message);
    }
  }

  private static void reply(Context ctx, int status, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a registry reply", e);
    }
    ctx.attribute("registry.answered", Boolean.TRUE);
    ctx.status(status).contentType(CONTENT_TYPE).result(json);
  }
}
