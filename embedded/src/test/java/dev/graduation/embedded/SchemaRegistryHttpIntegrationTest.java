package dev.graduation.embedded;

import static dev.graduation.embedded.RegistryHttp.parse;
import static dev.graduation.embedded.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graduation.embedded.RegistryHttp.Reply;
import java.util.Map;
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
    assertThat(unknown.body())
        .isEqualTo(parse("{\"error_code\":404,\"message\":\"Endpoint GET /no/such/route not found\"}"));
  }

  private static JsonNode version(String subject, int version, int id, String schema) {
    return parse(
        RegistryHttp.json(Map.of("subject", subject, "version", version, "id", id, "schema", schema)));
  }

  private static JsonNode schemaJson(String schema) {
    return parse(schemaBody(schema));
  }
}
