package dev.graduation.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graduation.web.ErrorFormat;
import dev.graduation.web.HttpSkeleton;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the Confluent Schema Registry REST API that serdes and ops tooling use, for Avro
 * schemas: register, look up, read by id or version, check compatibility, soft and permanent
 * deletes of subjects and versions, and compatibility levels (global and per subject, BACKWARD by
 * default, every Confluent level honoured). Answers and error codes are Confluent's.
 *
 * <p>State lives in the compacted topic {@code _schemas}, in Confluent's record layout (see
 * {@link SchemasTopic}): every write lands there (acks=all) before it is answered, and a starting
 * registry replays the topic, so ids, deletes and levels survive restarts. Writes are serialised,
 * which keeps ids and versions unique; there must be one registry per {@code _schemas} topic (no
 * leader election as in the real one). Writes may need basic auth ({@link #withBasicAuth}).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** Confluent's error shape, {@code {"error_code": ..., "message": ...}}, Jersey's wording. */
  static final ErrorFormat CONFLUENT_ERRORS =
      new ErrorFormat() {
        @Override
        public String contentType() {
          return CONTENT_TYPE;
        }

        @Override
        public Object body(int status, String message) {
          return errorJson(status, message);
        }

        @Override
        public String refusal(int status) {
          return "HTTP " + status + " " + org.eclipse.jetty.http.HttpStatus.getMessage(status);
        }
      };

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = "127.0.0.1";

  private final String bootstrapServers;
  private final int requestedPort;
  private final String schemasTopic;
  private final SchemaStore store = new SchemaStore();
  private final Object writeLock = new Object();
  private WriteAuth writeAuth = WriteAuth.open();
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

  /**
   * Writes (POST, PUT, DELETE) need HTTP basic auth with this user and password; reads stay open.
   * A client sends them as Confluent's does: {@code basic.auth.credentials.source=USER_INFO},
   * {@code basic.auth.user.info=user:password}. Call before {@link #start}.
   */
  public synchronized EmbeddedSchemaRegistry withBasicAuth(String user, String password) {
    if (http != null) {
      throw new IllegalStateException("Set basic auth before the registry starts");
    }
    writeAuth = WriteAuth.basic(user, password);
    return this;
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
              HttpSkeleton.install(config, CONFLUENT_ERRORS, "schema registry");
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
    app.before(ctx -> writeAuth.check(ctx));
    app.get("/", ctx -> reply(ctx, 200, JSON.createObjectNode()));
    app.get("/config", ctx -> reply(ctx, 200, levelJson(store.effectiveLevel(null))));
    app.put("/config", ctx -> reply(ctx, 200, configure(null, ctx)));
    app.get("/config/{subject}", this::subjectConfig);
    app.put("/config/{subject}", ctx -> reply(ctx, 200, configure(subject(ctx), ctx)));
    app.delete("/config/{subject}", this::deleteSubjectConfig);
    app.get("/schemas/types", ctx -> reply(ctx, 200, List.of("AVRO")));
    app.get("/schemas/ids/{id}", this::schemaById);
    app.get(
        "/subjects",
        ctx -> reply(ctx, 200, store.subjects(flag(ctx, "deleted"), flag(ctx, "deletedOnly"))));
    app.get(
        "/subjects/{subject}/versions",
        ctx -> reply(ctx, 200, store.versions(subject(ctx), flag(ctx, "deleted"))));
    app.get("/subjects/{subject}/versions/{version}", this::getVersion);
    app.post("/subjects/{subject}/versions", this::register);
    app.post("/subjects/{subject}", this::lookup);
    app.delete("/subjects/{subject}", this::deleteSubject);
    app.delete("/subjects/{subject}/versions/{version}", this::deleteVersion);
    app.post("/compatibility/subjects/{subject}/versions/{version}", this::checkCompatibility);

    app.exception(
        RegistryException.class,
        (e, ctx) -> CONFLUENT_ERRORS.writeBody(ctx, e.status(), errorJson(e.errorCode(), e.getMessage())));
  }

  private void schemaById(Context ctx) {
    int id = parseId(ctx.pathParam("id"));
    String schema =
        store.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound("Schema " + id));
    reply(ctx, 200, Map.of("schema", schema));
  }

  private void getVersion(Context ctx) {
    String subject = subject(ctx);
    String version = ctx.pathParam("version");
    RegisteredSchema found =
        isLatest(version)
            ? store.latest(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject))
            : store.version(subject, parseVersion(version), flag(ctx, "deleted"));
    reply(ctx, 200, versionJson(found));
  }

  private void register(Context ctx) {
    String subject = subject(ctx);
    Schema schema = parseSchema(ctx);
    String text = schema.toString();
    RegisteredSchema registered;
    // One write at a time: the id and version chosen here must still be free when the record
    // lands in _schemas and the store is updated.
    synchronized (writeLock) {
      Optional<RegisteredSchema> existing = store.find(subject, text);
      if (existing.isPresent()) {
        registered = existing.get();
      } else {
        List<String> problems =
            store.effectiveLevel(subject).incompatibilities(schema, store.liveVersions(subject));
        if (!problems.isEmpty()) {
          throw new RegistryException(
              409,
              409,
              "Schema being registered is incompatible with an earlier schema for subject \""
                  + subject
                  + "\", details: "
                  + problems);
        }
        registered =
            new RegisteredSchema(subject, store.nextVersion(subject), store.idFor(text), text, false);
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
    if (!store.hasSubject(subject, false)) {
      throw RegistryException.subjectNotFound(subject);
    }
    RegisteredSchema found =
        store
            .find(subject, schema.toString())
            .orElseThrow(() -> RegistryException.schemaNotFound("Schema"));
    reply(ctx, 200, versionJson(found));
  }

  /**
   * Soft delete: every live version is marked deleted (one DELETE_SUBJECT record), the answer
   * lists them. Permanent ({@code ?permanent=true}): only after a soft delete; every version is
   * removed for good (a tombstone each), the subject's level too, the answer lists them all.
   */
  private void deleteSubject(Context ctx) {
    String subject = subject(ctx);
    boolean permanent = flag(ctx, "permanent");
    List<Integer> deleted;
    synchronized (writeLock) {
      if (!store.hasSubject(subject, true)) {
        throw RegistryException.subjectNotFound(subject);
      }
      if (!permanent) {
        deleted = liveVersionsOrSoftDeleted(subject);
        int newest = deleted.get(deleted.size() - 1);
        topic.softDeleteSubject(subject, newest);
        store.softDeleteUpTo(subject, newest);
      } else {
        if (store.hasSubject(subject, false)) {
          throw RegistryException.subjectNotSoftDeleted(subject);
        }
        deleted = store.versions(subject, true);
        for (int i = deleted.size() - 1; i >= 0; i--) {
          topic.deleteForGood(subject, deleted.get(i));
          store.remove(subject, deleted.get(i));
        }
        clearLevel(subject);
      }
    }
    LOG.info("Deleted {} versions {}{}", subject, deleted, permanent ? " for good" : "");
    reply(ctx, 200, deleted);
  }

  /** The live versions; 40404 when every version is soft-deleted already. */
  private List<Integer> liveVersionsOrSoftDeleted(String subject) {
    if (!store.hasSubject(subject, false)) {
      throw RegistryException.subjectSoftDeleted(subject);
    }
    return store.versions(subject, false);
  }

  /**
   * Soft delete of one version (or the latest live one); permanent only after a soft delete, and
   * when the subject then has no version left its level goes too. Answers the version number.
   */
  private void deleteVersion(Context ctx) {
    String subject = subject(ctx);
    String version = ctx.pathParam("version");
    boolean permanent = flag(ctx, "permanent");
    int number;
    synchronized (writeLock) {
      RegisteredSchema target = versionToDelete(subject, version, permanent);
      number = target.version();
      if (!permanent) {
        RegisteredSchema deleted = target.softDeleted();
        topic.append(deleted);
        store.apply(deleted);
      } else {
        if (!target.deleted()) {
          throw RegistryException.versionNotSoftDeleted(subject, number);
        }
        topic.deleteForGood(subject, number);
        store.remove(subject, number);
        if (!store.hasSubject(subject, true)) {
          clearLevel(subject);
        }
      }
    }
    LOG.info("Deleted {} version {}{}", subject, number, permanent ? " for good" : "");
    reply(ctx, 200, number);
  }

  /** As Confluent resolves it: "latest" is the newest live version; 40406 for a soft delete twice. */
  private RegisteredSchema versionToDelete(String subject, String version, boolean permanent) {
    if (isLatest(version)) {
      Optional<RegisteredSchema> latest = store.latest(subject);
      if (latest.isPresent()) {
        return latest.get();
      }
      if (!store.hasSubject(subject, true)) {
        throw RegistryException.subjectNotFound(subject);
      }
      throw RegistryException.versionNotFound(-1);
    }
    int number = parseVersion(version);
    RegisteredSchema found = store.version(subject, number, true);
    if (found.deleted() && !permanent) {
      throw RegistryException.versionSoftDeleted(subject, number);
    }
    return found;
  }

  /**
   * {@code GET /config/{subject}}: the subject's own level, 40408 without one unless {@code
   * ?defaultToGlobal=true}, which falls back to the global level.
   */
  private void subjectConfig(Context ctx) {
    String subject = subject(ctx);
    Optional<CompatibilityLevel> own = store.configuredLevel(subject);
    if (own.isEmpty() && !flag(ctx, "defaultToGlobal")) {
      throw RegistryException.noSubjectLevelCompatibility(subject);
    }
    reply(ctx, 200, levelJson(own.orElseGet(() -> store.effectiveLevel(subject))));
  }

  /** {@code PUT /config[/{subject}]} with {@code {"compatibility": "FULL"}}; echoes the request. */
  private Map<String, String> configure(String subject, Context ctx) {
    JsonNode body = parseObject(ctx);
    JsonNode compatibility = body.get("compatibility");
    if (compatibility == null || !compatibility.isTextual()) {
      throw RegistryException.invalidCompatibilityLevel();
    }
    CompatibilityLevel level = CompatibilityLevel.parse(compatibility.asText());
    synchronized (writeLock) {
      topic.configure(subject, level);
      store.setLevel(subject, level);
    }
    LOG.info("Compatibility of {} set to {}", subject == null ? "the registry" : subject, level);
    return Map.of("compatibility", level.name());
  }

  /** {@code DELETE /config/{subject}}: answers the level removed; 40401 when none was set. */
  private void deleteSubjectConfig(Context ctx) {
    String subject = subject(ctx);
    CompatibilityLevel removed;
    synchronized (writeLock) {
      removed =
          store.configuredLevel(subject).orElseThrow(() -> RegistryException.subjectNotFound(subject));
      clearLevel(subject);
    }
    reply(ctx, 200, levelJson(removed));
  }

  private void clearLevel(String subject) {
    if (store.configuredLevel(subject).isPresent()) {
      topic.configure(subject, null);
      store.setLevel(subject, null);
    }
  }

  /**
   * Against "latest": the subject's level (every live version when transitive; anything is
   * compatible with a subject that has none). Against a given version: that version, in the
   * level's directions.
   */
  private void checkCompatibility(Context ctx) {
    String subject = subject(ctx);
    String version = ctx.pathParam("version");
    Schema schema = parseSchema(ctx);
    CompatibilityLevel level = store.effectiveLevel(subject);
    List<String> problems;
    if (isLatest(version)) {
      problems = level.incompatibilities(schema, store.liveVersions(subject));
    } else {
      problems = level.against(schema, store.version(subject, parseVersion(version), false));
    }
    ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (flag(ctx, "verbose")) {
      body.set("messages", JSON.valueToTree(new ArrayList<>(problems)));
    }
    reply(ctx, 200, body);
  }

  private static boolean isLatest(String version) {
    return "latest".equals(version) || "-1".equals(version);
  }

  private static int parseVersion(String version) {
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw RegistryException.invalidVersion(version);
    }
    if (number < 1) {
      throw RegistryException.invalidVersion(version);
    }
    return number;
  }

  /** The schema of a register/lookup/compatibility body; whatever its Content-Type says. */
  private static Schema parseSchema(Context ctx) {
    JsonNode body = parseObject(ctx);
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
    } catch (SchemaParseException e) {
      // Avro wraps the JSON parser's exception, class name and all, when the schema is not JSON.
      throw RegistryException.invalidSchema(
          e.getCause() instanceof JsonProcessingException json ? notJson(json) : e.getMessage());
    } catch (RuntimeException e) {
      throw RegistryException.invalidSchema(e.getMessage());
    }
  }

  private static JsonNode parseObject(Context ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.body());
    } catch (JsonProcessingException e) {
      throw new RegistryException(400, 400, "Request body is not JSON: " + notJson(e));
    }
    if (body == null || !body.isObject()) {
      throw new RegistryException(400, 400, "Request body must be a JSON object");
    }
    return body;
  }

  /**
   * Why a text is not JSON, in words: Jackson's message for a parser limit names the Java method
   * that sets it ({@code StreamReadConstraints.getMaxNestingDepth()}).
   */
  private static String notJson(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "it exceeds a parser limit (nesting depth, number or string length)";
    }
    return e.getOriginalMessage();
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

  private static boolean flag(Context ctx, String name) {
    return Boolean.parseBoolean(ctx.queryParam(name));
  }

  private static ObjectNode errorJson(int errorCode, String message) {
    return JSON.createObjectNode().put("error_code", errorCode).put("message", message);
  }

  private static Map<String, String> levelJson(CompatibilityLevel level) {
    return Map.of("compatibilityLevel", level.name());
  }

  private static ObjectNode versionJson(RegisteredSchema registered) {
    return JSON.createObjectNode()
        .put("subject", registered.subject())
        .put("version", registered.version())
        .put("id", registered.id())
        .put("schema", registered.schema());
  }

  private static void reply(Context ctx, int status, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a registry reply", e);
    }
    ctx.status(status).contentType(CONTENT_TYPE).result(json);
  }
}
