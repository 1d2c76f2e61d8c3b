package dev.graduation.embedded;

import static dev.graduation.embedded.RegistryHttp.parse;
import static dev.graduation.embedded.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.schemas.AvroSerdeConfig;
import dev.graduation.schemas.SchemaRegistryClient;
import dev.graduation.embedded.RegistryHttp.Reply;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP calls a Confluent client (our serde, Confluent's, kcat, curl scripts) makes, with the
 * exact JSON that Confluent Schema Registry answers. Each test gets a registry of its own (on its
 * own schemas topic), so ids start at 1 in every test.
 */
@Tag("integration")
class SchemaRegistryHttpIntegrationTest {

  @RegisterExtension static final KafkaStackExtension KAFKA = new KafkaStackExtension();

  /** Normalised (compact) forms, as Avro prints them and the registry stores them. */
  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"}]}";

  /** V1 as a person writes it: same schema, other whitespace. */
  private static final String V1_PRETTY =
      "{\n  \"type\": \"record\",\n  \"name\": \"Payment\",\n  \"namespace\": \"test.payments\",\n"
          + "  \"fields\": [\n    {\"name\": \"id\", \"type\": \"string\"},\n"
          + "    {\"name\": \"amount\", \"type\": \"double\"}\n  ]\n}";

  /** V1 plus an optional field with a default: BACKWARD compatible. */
  private static final String V2_WITH_DEFAULT =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"},"
          + "{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}";

  /** amount double -> string: a reader of this cannot read V1 data. */
  private static final String V2_TYPE_CHANGED =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"string\"}]}";

  /** A new field without default: a reader of this cannot read V1 data. */
  private static final String V2_NO_DEFAULT =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"double\"},"
          + "{\"name\":\"note\",\"type\":\"string\"}]}";

  /** V1 without amount: BACKWARD compatible (a reader of this ignores amount), not FORWARD. */
  private static final String ID_ONLY =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"}]}";

  /** amount back, as a string with a default: readable from ID_ONLY data, not from V1's double. */
  private static final String AMOUNT_AS_TEXT =
      "{\"type\":\"record\",\"name\":\"Payment\",\"namespace\":\"test.payments\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"string\",\"default\":\"\"}]}";

  private static final String OTHER = "{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\"]}";

  private EmbeddedSchemaRegistry registry;
  private RegistryHttp http;

  @BeforeEach
  void startRegistry(TestInfo test) {
    String topic = "_schemas-" + test.getTestMethod().orElseThrow().getName();
    registry = new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), 0, topic).start();
    http = new RegistryHttp(registry.url());
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  @Test
  void registersASchemaAndAnswersTheSameIdForTheSameSchemaAgain() {
    Reply first = http.post("/subjects/payments-value/versions", schemaBody(V1_PRETTY));
    Reply again = http.post("/subjects/payments-value/versions", schemaBody(V1));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.contentType()).isEqualTo(RegistryHttp.SR_JSON);
    assertThat(first.body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
  }

  @Test
  void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
    http.post("/subjects/a-value/versions", schemaBody(V1));
    http.post("/subjects/b-value/versions", schemaBody(OTHER));

    Reply shared = http.post("/subjects/c-value/versions", schemaBody(V1));

    assertThat(shared.body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(http.get("/subjects/c-value/versions/1").body())
        .isEqualTo(version("c-value", 1, 1, V1));
    assertThat(http.get("/subjects").body())
        .isEqualTo(parse("[\"a-value\",\"b-value\",\"c-value\"]"));
  }

  @Test
  void servesSchemasByGlobalId() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));
    http.post("/subjects/colors-value/versions", schemaBody(OTHER));

    assertThat(http.get("/schemas/ids/1").body()).isEqualTo(schemaJson(V1));
    assertThat(http.get("/schemas/ids/2").body()).isEqualTo(schemaJson(OTHER));

    Reply unknown = http.get("/schemas/ids/3");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body())
        .isEqualTo(parse("{\"error_code\":40403,\"message\":\"Schema 3 not found.\"}"));
  }

  @Test
  void listsVersionsAndServesEachVersionAndTheLatest() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));
    Reply second = http.post("/subjects/payments-value/versions", schemaBody(V2_WITH_DEFAULT));

    assertThat(second.body()).isEqualTo(parse("{\"id\":2}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1,2]"));
    assertThat(http.get("/subjects/payments-value/versions/1").body())
        .isEqualTo(version("payments-value", 1, 1, V1));
    assertThat(http.get("/subjects/payments-value/versions/latest").body())
        .isEqualTo(version("payments-value", 2, 2, V2_WITH_DEFAULT));
    assertThat(http.get("/subjects").body()).isEqualTo(parse("[\"payments-value\"]"));
  }

  @Test
  void unknownSubjectsAndVersionsAre404WithConfluentErrorCodes() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));

    Reply noSubject = http.get("/subjects/nope-value/versions");
    Reply noSubjectLatest = http.get("/subjects/nope-value/versions/latest");
    Reply noVersion = http.get("/subjects/payments-value/versions/2");
    Reply badVersion = http.get("/subjects/payments-value/versions/first");

    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.body())
        .isEqualTo(parse("{\"error_code\":40401,\"message\":\"Subject 'nope-value' not found.\"}"));
    assertThat(noSubjectLatest.status()).isEqualTo(404);
    assertThat(noSubjectLatest.body().path("error_code").asInt()).isEqualTo(40401);
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(noVersion.body())
        .isEqualTo(parse("{\"error_code\":40402,\"message\":\"Version 2 not found.\"}"));
    assertThat(badVersion.status()).isEqualTo(422);
    assertThat(badVersion.body().path("error_code").asInt()).isEqualTo(42202);
  }

  @Test
  void looksUpARegisteredSchemaWithoutRegistering() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));

    Reply found = http.post("/subjects/payments-value", schemaBody(V1_PRETTY));
    Reply notInSubject = http.post("/subjects/payments-value", schemaBody(V2_WITH_DEFAULT));
    Reply noSubject = http.post("/subjects/nope-value", schemaBody(V1));

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body()).isEqualTo(version("payments-value", 1, 1, V1));
    assertThat(notInSubject.status()).isEqualTo(404);
    assertThat(notInSubject.body())
        .isEqualTo(parse("{\"error_code\":40403,\"message\":\"Schema not found.\"}"));
    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.body().path("error_code").asInt()).isEqualTo(40401);
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
  }

  @Test
  void checksBackwardCompatibilityAgainstTheLatestVersion() {
    String path = "/compatibility/subjects/payments-value/versions/latest";
    Reply beforeAnyVersion = http.post(path, schemaBody(V2_NO_DEFAULT));
    http.post("/subjects/payments-value/versions", schemaBody(V1));

    assertThat(beforeAnyVersion.body()).isEqualTo(parse("{\"is_compatible\":true}"));
    assertThat(http.post(path, schemaBody(V2_WITH_DEFAULT)).body())
        .isEqualTo(parse("{\"is_compatible\":true}"));
    assertThat(http.post(path, schemaBody(V2_TYPE_CHANGED)).body())
        .isEqualTo(parse("{\"is_compatible\":false}"));
    assertThat(http.post(path, schemaBody(V2_NO_DEFAULT)).body())
        .isEqualTo(parse("{\"is_compatible\":false}"));
  }

  @Test
  void refusesAnIncompatibleSchemaWith409AndKeepsTheSubjectAsItWas() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));

    Reply typeChanged = http.post("/subjects/payments-value/versions", schemaBody(V2_TYPE_CHANGED));
    Reply noDefault = http.post("/subjects/payments-value/versions", schemaBody(V2_NO_DEFAULT));

    assertThat(typeChanged.status()).isEqualTo(409);
    assertThat(typeChanged.body().path("error_code").asInt()).isEqualTo(409);
    assertThat(typeChanged.body().path("message").asText())
        .startsWith(
            "Schema being registered is incompatible with an earlier schema for subject \"payments-value\"")
        .contains("TYPE_MISMATCH", "/fields/1/type");
    assertThat(noDefault.status()).isEqualTo(409);
    assertThat(noDefault.body().path("message").asText())
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "note");
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
    // A refused schema takes no id: the next accepted one gets 2.
    assertThat(http.post("/subjects/payments-value/versions", schemaBody(V2_WITH_DEFAULT)).body())
        .isEqualTo(parse("{\"id\":2}"));
  }

  @Test
  void refusesAnInvalidSchemaWith42201() {
    Reply notAvro =
        http.post("/subjects/payments-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
    Reply notJson = http.post("/subjects/payments-value/versions", "{not json");
    Reply protobuf =
        http.post(
            "/subjects/payments-value/versions",
            "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

    assertThat(notAvro.status()).isEqualTo(422);
    assertThat(notAvro.body().path("error_code").asInt()).isEqualTo(42201);
    assertThat(notAvro.body().path("message").asText()).startsWith("Invalid schema: ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().path("error_code").asInt()).isEqualTo(400);
    assertThat(protobuf.status()).isEqualTo(422);
    assertThat(protobuf.body().path("error_code").asInt()).isEqualTo(42201);
    assertThat(http.get("/subjects").body()).isEqualTo(parse("[]"));
  }

  @Test
  void acceptsBodiesWhateverTheirContentTypeAsConfluentDoes() {
    Reply asJson =
        http.post("/subjects/a-value/versions", schemaBody(V1), "application/json");
    Reply asOctets =
        http.post("/subjects/b-value/versions", schemaBody(OTHER), "application/octet-stream");

    assertThat(asJson.body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(asOctets.body()).isEqualTo(parse("{\"id\":2}"));
  }

  @Test
  void answersConfigAndUnknownRoutesWithJson() {
    Reply config = http.get("/config");
    Reply unknown = http.get("/no/such/route");

    assertThat(config.status()).isEqualTo(200);
    assertThat(config.body()).isEqualTo(parse("{\"compatibilityLevel\":\"BACKWARD\"}"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).isEqualTo(RegistryHttp.SR_JSON);
    // Confluent's (Jersey's) words; the path is not echoed.
    assertThat(unknown.body())
        .isEqualTo(parse("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
  }

  /** Seen failing with 404 for DELETE (no such route) on the registry before deletes. */
  @Test
  void aSoftDeletedSubjectVanishesUnlessDeletedIsAskedFor() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));
    http.post("/subjects/payments-value/versions", schemaBody(V2_WITH_DEFAULT));
    http.post("/subjects/colors-value/versions", schemaBody(OTHER));

    Reply deleted = http.delete("/subjects/payments-value");
    Reply again = http.delete("/subjects/payments-value");

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo(parse("[1,2]"));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body())
        .isEqualTo(parse("{\"error_code\":40404,\"message\":\"Subject 'payments-value' was soft deleted."
            + "Set permanent=true to delete permanently\"}"));
    assertThat(http.get("/subjects").body()).isEqualTo(parse("[\"colors-value\"]"));
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo(parse("[\"colors-value\",\"payments-value\"]"));
    assertThat(http.get("/subjects?deletedOnly=true").body()).isEqualTo(parse("[\"payments-value\"]"));
    Reply versions = http.get("/subjects/payments-value/versions");
    assertThat(versions.status()).isEqualTo(404);
    assertThat(versions.body())
        .isEqualTo(parse("{\"error_code\":40401,\"message\":\"Subject 'payments-value' not found.\"}"));
    assertThat(http.get("/subjects/payments-value/versions?deleted=true").body()).isEqualTo(parse("[1,2]"));
    assertThat(http.get("/subjects/payments-value/versions/1").body())
        .isEqualTo(parse("{\"error_code\":40402,\"message\":\"Version 1 not found.\"}"));
    assertThat(http.get("/subjects/payments-value/versions/1?deleted=true").body())
        .isEqualTo(version("payments-value", 1, 1, V1));
    assertThat(http.post("/subjects/payments-value", schemaBody(V1)).body().path("error_code").asInt()).isEqualTo(40401);
    // The ids stay readable (records written with them must still decode) ...
    assertThat(http.get("/schemas/ids/1").body()).isEqualTo(schemaJson(V1));
    // ... and the subject starts again after its deleted versions, keeping the schema's id.
    assertThat(http.post("/subjects/payments-value/versions", schemaBody(V1)).body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[3]"));
  }

  /** Seen failing with 404 for DELETE (no such route) on the registry before deletes. */
  @Test
  void aPermanentDeleteNeedsASoftDeleteFirstAndRemovesEverything() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));
    http.put("/config/payments-value", "{\"compatibility\":\"NONE\"}");

    Reply tooSoon = http.delete("/subjects/payments-value?permanent=true");
    http.delete("/subjects/payments-value");
    Reply permanent = http.delete("/subjects/payments-value?permanent=true");
    Reply gone = http.delete("/subjects/payments-value");

    assertThat(tooSoon.status()).isEqualTo(404);
    assertThat(tooSoon.body())
        .isEqualTo(parse("{\"error_code\":40405,\"message\":\"Subject 'payments-value' was not deleted first"
            + " before being permanently deleted\"}"));
    assertThat(permanent.status()).isEqualTo(200);
    assertThat(permanent.body()).isEqualTo(parse("[1]"));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.body())
        .isEqualTo(parse("{\"error_code\":40401,\"message\":\"Subject 'payments-value' not found.\"}"));
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo(parse("[]"));
    assertThat(http.get("/schemas/ids/1").body())
        .isEqualTo(parse("{\"error_code\":40403,\"message\":\"Schema 1 not found.\"}"));
    assertThat(http.get("/config/payments-value").body().path("error_code").asInt()).isEqualTo(40408);
    // Versions start again at 1; ids are never given twice.
    assertThat(http.post("/subjects/payments-value/versions", schemaBody(V1)).body()).isEqualTo(parse("{\"id\":2}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
  }

  /** Seen failing with 404 for DELETE (no such route) on the registry before deletes. */
  @Test
  void deletesOneVersionOrTheLatestSoftThenForGood() {
    http.post("/subjects/payments-value/versions", schemaBody(V1));
    http.post("/subjects/payments-value/versions", schemaBody(V2_WITH_DEFAULT));

    Reply notSoftDeleted = http.delete("/subjects/payments-value/versions/1?permanent=true");
    Reply latest = http.delete("/subjects/payments-value/versions/latest");
    Reply twice = http.delete("/subjects/payments-value/versions/2");

    assertThat(notSoftDeleted.status()).isEqualTo(404);
    assertThat(notSoftDeleted.body())
        .isEqualTo(parse("{\"error_code\":40407,\"message\":\"Subject 'payments-value' Version 1 was not deleted"
            + " first before being permanently deleted\"}"));
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.body()).isEqualTo(parse("2"));
    assertThat(twice.status()).isEqualTo(404);
    assertThat(twice.body())
        .isEqualTo(parse("{\"error_code\":40406,\"message\":\"Subject 'payments-value' Version 2 was soft deleted."
            + "Set permanent=true to delete permanently\"}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
    assertThat(http.get("/subjects/payments-value/versions/latest").body())
        .isEqualTo(version("payments-value", 1, 1, V1));

    assertThat(http.delete("/subjects/payments-value/versions/2?permanent=true").body()).isEqualTo(parse("2"));
    assertThat(http.get("/subjects/payments-value/versions?deleted=true").body()).isEqualTo(parse("[1]"));
    assertThat(http.delete("/subjects/payments-value/versions/7").body())
        .isEqualTo(parse("{\"error_code\":40402,\"message\":\"Version 7 not found.\"}"));
    assertThat(http.delete("/subjects/nope-value/versions/1").body().path("error_code").asInt()).isEqualTo(40401);
    Reply badVersion = http.delete("/subjects/payments-value/versions/first");
    assertThat(badVersion.status()).isEqualTo(422);
    assertThat(badVersion.body().path("error_code").asInt()).isEqualTo(42202);
  }

  /** Seen failing with 404 for PUT /config (no such route), and GET /config/{subject} always 200. */
  @Test
  void compatibilityLevelsAreSetReadAndRemovedGloballyAndPerSubject() {
    assertThat(http.get("/config").body()).isEqualTo(parse("{\"compatibilityLevel\":\"BACKWARD\"}"));
    Reply global = http.put("/config", "{\"compatibility\":\"full\"}");
    Reply noOwnLevel = http.get("/config/payments-value");
    Reply defaulted = http.get("/config/payments-value?defaultToGlobal=true");
    Reply subject = http.put("/config/payments-value", "{\"compatibility\":\"NONE\"}");
    Reply invalid = http.put("/config/payments-value", "{\"compatibility\":\"SIDEWAYS\"}");

    assertThat(global.status()).isEqualTo(200);
    assertThat(global.body()).isEqualTo(parse("{\"compatibility\":\"FULL\"}"));
    assertThat(http.get("/config").body()).isEqualTo(parse("{\"compatibilityLevel\":\"FULL\"}"));
    assertThat(noOwnLevel.status()).isEqualTo(404);
    assertThat(noOwnLevel.body())
        .isEqualTo(parse("{\"error_code\":40408,\"message\":\"Subject 'payments-value' does not have"
            + " subject-level compatibility configured\"}"));
    assertThat(defaulted.body()).isEqualTo(parse("{\"compatibilityLevel\":\"FULL\"}"));
    assertThat(subject.body()).isEqualTo(parse("{\"compatibility\":\"NONE\"}"));
    assertThat(http.get("/config/payments-value").body()).isEqualTo(parse("{\"compatibilityLevel\":\"NONE\"}"));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.body())
        .isEqualTo(parse("{\"error_code\":42203,\"message\":\"Invalid compatibility level. Valid values are none,"
            + " backward, forward, full, backward_transitive, forward_transitive, and full_transitive\"}"));

    Reply removed = http.delete("/config/payments-value");
    assertThat(removed.body()).isEqualTo(parse("{\"compatibilityLevel\":\"NONE\"}"));
    assertThat(http.delete("/config/payments-value").body())
        .isEqualTo(parse("{\"error_code\":40401,\"message\":\"Subject 'payments-value' not found.\"}"));
  }

  /** Seen failing: every level was checked as BACKWARD (NONE refused V2_TYPE_CHANGED with 409). */
  @Test
  void registrationsAreCheckedAtTheSubjectsLevel() {
    http.put("/config/none-value", "{\"compatibility\":\"NONE\"}");
    http.put("/config/forward-value", "{\"compatibility\":\"FORWARD\"}");
    http.put("/config/full-value", "{\"compatibility\":\"FULL\"}");
    http.put("/config/transitive-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
    for (String subject : List.of("none-value", "forward-value", "full-value", "transitive-value", "backward-value")) {
      http.post("/subjects/" + subject + "/versions", schemaBody(V1));
    }

    assertThat(register("none-value", V2_TYPE_CHANGED)).isEqualTo(200);
    // A new field without default: old readers ignore it (FORWARD), new readers lack it in old data.
    assertThat(register("forward-value", V2_NO_DEFAULT)).isEqualTo(200);
    assertThat(register("full-value", V2_NO_DEFAULT)).isEqualTo(409);
    assertThat(register("full-value", V2_WITH_DEFAULT)).isEqualTo(200);
    // Dropping amount is BACKWARD; bringing it back as a string with a default is BACKWARD against
    // the version without it, but not against V1's double.
    assertThat(register("transitive-value", ID_ONLY)).isEqualTo(200);
    assertThat(register("backward-value", ID_ONLY)).isEqualTo(200);
    assertThat(register("transitive-value", AMOUNT_AS_TEXT)).isEqualTo(409);
    assertThat(register("backward-value", AMOUNT_AS_TEXT)).isEqualTo(200);
    assertThat(http.post("/compatibility/subjects/forward-value/versions/1", schemaBody(ID_ONLY)).body())
        .isEqualTo(parse("{\"is_compatible\":false}"));
  }

  /** Seen failing with the deletes and levels forgotten by a restarted registry (before they were written to _schemas). */
  @Test
  void deletesAndLevelsSurviveARestart(TestInfo test) {
    http.post("/subjects/gone-value/versions", schemaBody(V1));
    http.post("/subjects/soft-value/versions", schemaBody(OTHER));
    http.post("/subjects/versions-value/versions", schemaBody(V1));
    http.post("/subjects/versions-value/versions", schemaBody(V2_WITH_DEFAULT));
    http.delete("/subjects/gone-value");
    http.delete("/subjects/gone-value?permanent=true");
    http.delete("/subjects/soft-value");
    http.delete("/subjects/versions-value/versions/1");
    http.put("/config", "{\"compatibility\":\"FORWARD\"}");
    http.put("/config/versions-value", "{\"compatibility\":\"NONE\"}");

    registry.close();
    String topic = "_schemas-" + test.getTestMethod().orElseThrow().getName();
    registry = new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), 0, topic).start();
    http = new RegistryHttp(registry.url());

    assertThat(http.get("/subjects").body()).isEqualTo(parse("[\"versions-value\"]"));
    assertThat(http.get("/subjects?deleted=true").body()).isEqualTo(parse("[\"soft-value\",\"versions-value\"]"));
    assertThat(http.get("/subjects/versions-value/versions").body()).isEqualTo(parse("[2]"));
    assertThat(http.get("/subjects/versions-value/versions?deleted=true").body()).isEqualTo(parse("[1,2]"));
    assertThat(http.get("/config").body()).isEqualTo(parse("{\"compatibilityLevel\":\"FORWARD\"}"));
    assertThat(http.get("/config/versions-value").body()).isEqualTo(parse("{\"compatibilityLevel\":\"NONE\"}"));
    assertThat(http.post("/subjects/soft-value/versions", schemaBody(OTHER)).body()).isEqualTo(parse("{\"id\":2}"));
    assertThat(http.get("/subjects/soft-value/versions").body()).isEqualTo(parse("[2]"));
  }

  /** Seen failing with 200 for a write without credentials (before basic auth). */
  @Test
  void withBasicAuthWritesNeedCredentialsAndReadsDoNot(TestInfo test) {
    registry.close();
    String topic = "_schemas-" + test.getTestMethod().orElseThrow().getName();
    registry = new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), 0, topic).withBasicAuth("ops", "s3cret").start();
    http = new RegistryHttp(registry.url());
    RegistryHttp ops = http.withBasicAuth("ops", "s3cret");

    Reply anonymous = http.post("/subjects/payments-value/versions", schemaBody(V1));
    Reply wrongPassword = http.withBasicAuth("ops", "guess").post("/subjects/payments-value/versions", schemaBody(V1));
    Reply registered = ops.post("/subjects/payments-value/versions", schemaBody(V1));

    for (Reply refused : List.of(anonymous, wrongPassword,
        http.put("/config", "{\"compatibility\":\"NONE\"}"), http.delete("/subjects/payments-value"))) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"SchemaRegistry\"");
      assertThat(refused.body()).isEqualTo(parse("{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
    }
    assertThat(registered.body()).isEqualTo(parse("{\"id\":1}"));
    assertThat(http.get("/subjects/payments-value/versions").body()).isEqualTo(parse("[1]"));
    assertThat(http.get("/schemas/ids/1").body()).isEqualTo(schemaJson(V1));
    assertThat(ops.delete("/subjects/payments-value").body()).isEqualTo(parse("[1]"));
  }

  /**
   * Our serde's client with Confluent's client settings. Seen failing with 40101 from the
   * registry while the client sent no Authorization header.
   */
  @Test
  void theSerdeClientSendsBasicAuthFromConfluentsSettings(TestInfo test) {
    registry.close();
    String topic = "_schemas-" + test.getTestMethod().orElseThrow().getName();
    registry = new EmbeddedSchemaRegistry(KAFKA.bootstrapServers(), 0, topic).withBasicAuth("ops", "s3cret").start();
    Schema schema = new Schema.Parser().parse(V1);

    SchemaRegistryClient anonymous = new SchemaRegistryClient(registry.url());
    SchemaRegistryClient withUserInfo =
        AvroSerdeConfig.from(
                Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO, "ops:s3cret"))
            .client();
    SchemaRegistryClient withUrlCredentials =
        AvroSerdeConfig.from(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url().replace("http://", "http://ops:s3cret@")))
            .client();

    assertThatThrownBy(() -> anonymous.register("payments-value", schema))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("HTTP 401 error_code 40101");
    assertThat(withUserInfo.register("payments-value", schema)).isEqualTo(1);
    assertThat(withUrlCredentials.register("other-value", schema)).isEqualTo(1);
    assertThat(anonymous.schemaById(1)).isEqualTo(schema); // reads stay open
    assertThatThrownBy(
            () -> AvroSerdeConfig.from(
                Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
        .isInstanceOf(ConfigException.class);
  }

  private int register(String subject, String schema) {
    return http.post("/subjects/" + subject + "/versions", schemaBody(schema)).status();
  }

  private static JsonNode version(String subject, int version, int id, String schema) {
    return parse(
        RegistryHttp.json(Map.of("subject", subject, "version", version, "id", id, "schema", schema)));
  }

  private static JsonNode schemaJson(String schema) {
    return parse(schemaBody(schema));
  }
}
