package dev.graduation.streams.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped catalog and the path normaliser (contract sections 2 and 7), on real paths. */
class EndpointCatalogTest {

  private static final EndpointCatalog CATALOG = EndpointCatalog.load();

  private static final String CALL_LOG =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/call-log";
  private static final String PRESENCE =
      "/restapi/v1.0/account/{accountId}/extension/{extensionId}/presence";

  // --- the shipped catalog ---

  @Test
  void loadsAllRowsOfTheShippedCsvOnce() {
    assertThat(CATALOG.operations()).hasSize(520);
    assertThat(EndpointCatalog.load()).isSameAs(CATALOG);
    assertThat(CATALOG.operations().get(0))
        .isEqualTo(
            new Operation(
                "GET",
                "/restapi/v1.0/account/{accountId}/extension/{extensionId}/address-book/contact",
                "listContacts",
                "ReadContacts",
                "Heavy",
                false));
  }

  @Test
  void permissionsAreTheTwentyNineNamesOfTheCatalogSorted() {
    assertThat(CATALOG.permissions())
        .containsExactly(
            "A2PSMS",
            "AI",
            "Analytics",
            "CallControl",
            "Contacts",
            "EditAccounts",
            "EditCallLog",
            "EditExtensions",
            "EditMessages",
            "EditPresence",
            "EditWebinars",
            "Faxes",
            "InternalMessages",
            "ReadAccounts",
            "ReadAuditTrail",
            "ReadCallLog",
            "ReadCallRecording",
            "ReadContacts",
            "ReadMessages",
            "ReadPresence",
            "ReadWebinars",
            "RingOut",
            "RingSense",
            "RoleManagement",
            "SMS",
            "TeamMessaging",
            "Video",
            "VoipCalling",
            "WebSocket");
  }

  @Test
  void anEmptyPermissionCellIsNull() {
    Operation token =
        CATALOG.operations().stream()
            .filter(op -> op.operationId().equals("getToken"))
            .findFirst()
            .orElseThrow();
    assertThat(token)
        .isEqualTo(new Operation("POST", "/restapi/oauth/token", "getToken", null, "Auth", true));
  }

  /**
   * The catalog as its own oracle: every template, with each placeholder filled in, normalises back
   * to itself with its own row, for several kinds of id.
   */
  @ParameterizedTest
  @ValueSource(strings = {"62264425004", "~", "3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c11", "abc"})
  void everyTemplateWithSampleIdsMatchesItself(String sampleId) {
    List<String> mismatches = new ArrayList<>();
    for (Operation op : CATALOG.operations()) {
      String raw = op.template().replaceAll("\\{[^}/]+}", sampleId);
      EndpointMatch match = CATALOG.match(op.method(), raw);
      if (match.operation() != op
          || !op.template().equals(match.endpoint())
          || !(op.method() + " " + op.template()).equals(match.key())) {
        mismatches.add(op.call() + " <- " + raw + " -> " + match);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  // --- matching a call of its own method ---

  @Test
  void theContractExample() {
    EndpointMatch match =
        CATALOG.match("GET", "/restapi/v1.0/account/~/extension/62264425004/call-log?view=Simple");

    assertThat(match.endpoint()).isEqualTo(CALL_LOG);
    assertThat(match.key()).isEqualTo("GET " + CALL_LOG);
    assertThat(match.permission()).isEqualTo("ReadCallLog");
    assertThat(match.oauth()).isFalse();
    assertThat(match.tokenRequest()).isFalse();
    assertThat(match.operation())
        .isEqualTo(
            new Operation("GET", CALL_LOG, "readUserCallLog", "ReadCallLog", "Heavy", false));
  }

  @Test
  void presenceWithNumericIds() {
    EndpointMatch match =
        CATALOG.match("GET", "/restapi/v1.0/account/37439510/extension/62264425004/presence");

    assertThat(match.endpoint()).isEqualTo(PRESENCE);
    assertThat(match.permission()).isEqualTo("ReadPresence");
    assertThat(match.operation().operationId()).isEqualTo("readUserPresenceStatus");
  }

  @Test
  void theOperationDependsOnTheMethod() {
    assertThat(CATALOG.match("PUT", "/restapi/v1.0/account/~/extension/~/presence").operation())
        .isEqualTo(
            new Operation(
                "PUT", PRESENCE, "updateUserPresenceStatus", "EditPresence", "Medium", false));
  }

  @Test
  void queryStringAndFragmentAreDropped() {
    assertThat(
            CATALOG
                .match(
                    "GET",
                    "/restapi/v1.0/account/~/extension/~/presence?detailedTelephonyState=true&sipData=true")
                .endpoint())
        .isEqualTo(PRESENCE);
    assertThat(CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/presence#top").endpoint())
        .isEqualTo(PRESENCE);
    // a '/' or '?' after '#' belongs to the fragment
    assertThat(
            CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/presence#a/b?c").endpoint())
        .isEqualTo(PRESENCE);
    assertThat(
            CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/presence?a=/b#c").endpoint())
        .isEqualTo(PRESENCE);
  }

  @Test
  void oneTrailingSlashIsIgnoredNotTwo() {
    assertThat(CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/call-log/").endpoint())
        .isEqualTo(CALL_LOG);
    assertThat(
            CATALOG
                .match("GET", "/restapi/v1.0/account/~/extension/~/call-log/?view=Simple")
                .endpoint())
        .isEqualTo(CALL_LOG);

    EndpointMatch twoSlashes =
        CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/call-log//");
    assertThat(twoSlashes.endpoint())
        .isEqualTo("/restapi/v1.0/account/{id}/extension/{id}/call-log/");
    assertThat(twoSlashes.operation()).isNull();
  }

  @Test
  void anEmptySegmentMatchesNoPlaceholder() {
    EndpointMatch match = CATALOG.match("GET", "/restapi/v1.0/account//extension/~/call-log");

    assertThat(match.endpoint()).isEqualTo("/restapi/v1.0/account//extension/{id}/call-log");
    assertThat(match.operation()).isNull();
  }

  @Test
  void caseIsNotFoldedAndNothingIsPercentDecoded() {
    EndpointMatch upper = CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/Call-Log");
    assertThat(upper.endpoint()).isEqualTo("/restapi/v1.0/account/{id}/extension/{id}/Call-Log");
    assertThat(upper.permission()).isNull();
    assertThat(upper.operation()).isNull();

    // %2D is '-': still not the call-log literal
    assertThat(CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/call%2Dlog").endpoint())
        .isEqualTo("/restapi/v1.0/account/{id}/extension/{id}/call%2Dlog");
    // an encoded id is one placeholder value like any other
    assertThat(CATALOG.match("GET", "/restapi/v1.0/account/%7E/extension/~/call-log").endpoint())
        .isEqualTo(CALL_LOG);
  }

  // --- literal versus placeholder ---

  @Test
  void aLiteralSegmentBeatsAPlaceholder() {
    // .../greeting/hold-music and .../greeting/{greetingId} are both GET templates
    EndpointMatch holdMusic =
        CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/greeting/hold-music");
    assertThat(holdMusic.endpoint())
        .isEqualTo("/restapi/v1.0/account/{accountId}/extension/{extensionId}/greeting/hold-music");
    assertThat(holdMusic.operation().operationId()).isEqualTo("readHoldMusicGreeting");

    EndpointMatch greeting =
        CATALOG.match("GET", "/restapi/v1.0/account/~/extension/~/greeting/1234");
    assertThat(greeting.endpoint())
        .isEqualTo(
            "/restapi/v1.0/account/{accountId}/extension/{extensionId}/greeting/{greetingId}");
    assertThat(greeting.operation().operationId()).isEqualTo("readCustomGreeting");

    assertThat(
            CATALOG
                .match("GET", "/restapi/v1.0/account/~/user-role/default")
                .operation()
                .operationId())
        .isEqualTo("readDefaultRole");
    assertThat(
            CATALOG
                .match("GET", "/restapi/v1.0/account/~/user-role/1234")
                .operation()
                .operationId())
        .isEqualTo("readUserRole");
  }

  @Test
  void whenTheLiteralBranchDeadEndsThePlaceholderBranchIsTried() {
    // "messages" is a literal under message-threads, but only {threadId} has a /resolve child
    EndpointMatch resolve =
        CATALOG.match("POST", "/restapi/v1.0/account/~/message-threads/messages/resolve");
    assertThat(resolve.endpoint())
        .isEqualTo("/restapi/v1.0/account/{accountId}/message-threads/{threadId}/resolve");
    assertThat(resolve.permission()).isEqualTo("SMS");

    // /rcvideo/v2/bridges/pin has children but is no template itself: "pin" is a {bridgeId}
    assertThat(CATALOG.match("GET", "/rcvideo/v2/bridges/pin").endpoint())
        .isEqualTo("/rcvideo/v2/bridges/{bridgeId}");
  }

  @Test
  void literalsOnlyWinAmongTheTemplatesOfTheCallsMethod() {
    // GET has .../phone-numbers/bulk-add/{taskId}; POST only
    // .../phone-numbers/{phoneNumberId}/replace
    assertThat(
            CATALOG
                .match("GET", "/restapi/v2/accounts/~/phone-numbers/bulk-add/replace")
                .endpoint())
        .isEqualTo("/restapi/v2/accounts/{accountId}/phone-numbers/bulk-add/{taskId}");
    assertThat(
            CATALOG
                .match("POST", "/restapi/v2/accounts/~/phone-numbers/bulk-add/replace")
                .endpoint())
        .isEqualTo("/restapi/v2/accounts/{accountId}/phone-numbers/{phoneNumberId}/replace");

    // DELETE has .../user-role/{roleId} but not .../user-role/default: its own method comes first
    EndpointMatch delete = CATALOG.match("DELETE", "/restapi/v1.0/account/~/user-role/default");
    assertThat(delete.endpoint()).isEqualTo("/restapi/v1.0/account/{accountId}/user-role/{roleId}");
    assertThat(delete.permission()).isEqualTo("RoleManagement");
    assertThat(delete.operation().operationId()).isEqualTo("deleteCustomRole");
  }

  @Test
  void aTildeIsAnOrdinaryPlaceholderValueAndALiteralWhereATemplateHasOne() {
    EndpointCatalog catalog =
        EndpointCatalog.of(
            List.of(
                new Operation("GET", "/a/~/b", "tilde", "P1", "Light", false),
                new Operation("GET", "/a/{x}/b", "placeholder", "P2", "Light", false)));

    assertThat(catalog.match("GET", "/a/~/b").operation().operationId()).isEqualTo("tilde");
    assertThat(catalog.match("GET", "/a/7/b").operation().operationId()).isEqualTo("placeholder");
  }

  // --- another method's template ---

  @Test
  void aPathWithoutATemplateOfItsMethodTakesAnotherMethodsAndExercisesNoPermission() {
    // user-role/default has GET and PUT templates, no PATCH
    EndpointMatch match = CATALOG.match("PATCH", "/restapi/v1.0/account/~/user-role/default");

    assertThat(match.endpoint()).isEqualTo("/restapi/v1.0/account/{accountId}/user-role/default");
    assertThat(match.key()).isEqualTo("PATCH /restapi/v1.0/account/{accountId}/user-role/default");
    assertThat(match.permission()).isNull();
    assertThat(match.oauth()).isFalse();
    assertThat(match.tokenRequest()).isFalse();
    // the row of the alphabetically first other method
    assertThat(match.operation().call())
        .isEqualTo("GET /restapi/v1.0/account/{accountId}/user-role/default");
  }

  @Test
  void anotherMethodsTemplateAlsoPrefersLiterals() {
    // POST has neither template; GET .../greeting/hold-music beats GET .../greeting/{greetingId}
    assertThat(
            CATALOG
                .match("POST", "/restapi/v1.0/account/~/extension/~/greeting/hold-music")
                .endpoint())
        .isEqualTo("/restapi/v1.0/account/{accountId}/extension/{extensionId}/greeting/hold-music");
  }

  @Test
  void aMethodTheCatalogNeverUsesStillFindsTheTemplate() {
    EndpointMatch head = CATALOG.match("HEAD", "/restapi/v1.0/account/~/extension/~/call-log");

    assertThat(head.endpoint()).isEqualTo(CALL_LOG);
    assertThat(head.key()).isEqualTo("HEAD " + CALL_LOG);
    assertThat(head.permission()).isNull();
    assertThat(head.operation().operationId()).isEqualTo("deleteUserCallLog"); // DELETE < GET
  }

  @Test
  void methodsAreNotCaseFoldedEither() {
    EndpointMatch lower = CATALOG.match("get", "/restapi/v1.0/account/~/extension/~/call-log");

    assertThat(lower.endpoint()).isEqualTo(CALL_LOG);
    assertThat(lower.key()).isEqualTo("get " + CALL_LOG);
    assertThat(lower.permission()).isNull();
  }

  // --- nothing matches: generalisation ---

  @Test
  void anUnmatchedPathIsGeneralised() {
    EndpointMatch match =
        CATALOG.match(
            "GET",
            "/restapi/v1.0/glip/teams/12345/members/3F2B8C1E-0a4d-4e6b-9c1f-2d7e8a9b0c11/~/x12?a=1");

    assertThat(match)
        .isEqualTo(
            new EndpointMatch(
                "/restapi/v1.0/glip/teams/{id}/members/{id}/{id}/x12",
                "GET /restapi/v1.0/glip/teams/{id}/members/{id}/{id}/x12",
                null,
                false,
                false,
                null));
  }

  @Test
  void onlyDigitsTildeAndExactUuidShapesAreGeneralised() {
    assertThat(
            CATALOG
                .match(
                    "GET",
                    "/unknown/12a/-1/1.5/~~/3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c1/3f2b8c1e0a4d4e6b9c1f2d7e8a9b0c11/3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c1g")
                .endpoint())
        .isEqualTo(
            "/unknown/12a/-1/1.5/~~/3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c1/3f2b8c1e0a4d4e6b9c1f2d7e8a9b0c11/3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c1g");
    // non-ASCII digits are not "numeric"
    assertThat(CATALOG.match("GET", "/unknown/١٢٣/123").endpoint()).isEqualTo("/unknown/١٢٣/{id}");
  }

  @Test
  void theRootAndAPathWithoutLeadingSlashAreGeneralisedAsTheyAre() {
    assertThat(CATALOG.match("GET", "/").endpoint()).isEqualTo("/");
    assertThat(CATALOG.match("GET", "/?x=1").endpoint()).isEqualTo("/");
    assertThat(CATALOG.match("GET", "123/abc").endpoint()).isEqualTo("{id}/abc");
  }

  // --- OAuth ---

  @Test
  void aTokenRequestIsAnyPostToOauthToken() {
    EndpointMatch token = CATALOG.match("POST", "/restapi/oauth/token?x=1");

    assertThat(token)
        .isEqualTo(
            new EndpointMatch(
                "/restapi/oauth/token",
                "POST /restapi/oauth/token",
                null,
                true,
                true,
                new Operation("POST", "/restapi/oauth/token", "getToken", null, "Auth", true)));
    assertThat(CATALOG.match("POST", "/restapi/oauth/token/").tokenRequest()).isTrue();
  }

  @Test
  void aGetOfOauthTokenIsAnOauthCallButNoTokenRequest() {
    EndpointMatch get = CATALOG.match("GET", "/restapi/oauth/token");

    assertThat(get.endpoint()).isEqualTo("/restapi/oauth/token");
    assertThat(get.oauth()).isTrue();
    assertThat(get.tokenRequest()).isFalse();
    assertThat(get.permission()).isNull();
  }

  @Test
  void theWebSocketTokenIsAnOauthCallThatExercisesWebSocket() {
    EndpointMatch ws = CATALOG.match("POST", "/restapi/oauth/wstoken");

    assertThat(ws.endpoint()).isEqualTo("/restapi/oauth/wstoken");
    assertThat(ws.permission()).isEqualTo("WebSocket");
    assertThat(ws.oauth()).isTrue();
    assertThat(ws.tokenRequest()).isFalse();
  }

  @Test
  void openIdConfigurationIsAnOauthCall() {
    assertThat(CATALOG.match("GET", "/.well-known/openid-configuration").oauth()).isTrue();
  }

  @Test
  void anUnmatchedPathUnderOauthIsAnOauthCall() {
    assertThat(CATALOG.match("POST", "/restapi/oauth/introspect/42"))
        .isEqualTo(new EndpointMatch(
            "/restapi/oauth/introspect/{id}", "POST /restapi/oauth/introspect/{id}", null, true, false, null));
    assertThat(CATALOG.match("POST", "/restapi/oauth/introspect/abc"))
        .isEqualTo(new EndpointMatch(
            "/restapi/oauth/introspect/abc", "POST /restapi/oauth/introspect/abc", null, true, false, null));
    // /restapi/oauth itself is not under /restapi/oauth/: it is the API-version template
    assertThat(CATALOG.match("GET", "/restapi/oauth").endpoint())
        .isEqualTo("/restapi/{apiVersion}");
    assertThat(CATALOG.match("GET", "/restapi/oauth").oauth()).isFalse();
  }

  @Test
  void aPostToOauthTokenIsATokenRequestEvenInACatalogWithoutIt() {
    EndpointCatalog empty = EndpointCatalog.of(List.of());

    assertThat(empty.match("POST", "/restapi/oauth/token"))
        .isEqualTo(new EndpointMatch("/restapi/oauth/token", "POST /restapi/oauth/token", null, true, true, null));
    assertThat(empty.permissions()).isEmpty();
  }

  // --- building a catalog ---

  @Test
  void templatesOfOneMethodThatDifferOnlyInPlaceholderNamesAreRejected() {
    List<Operation> ambiguous =
        List.of(
            new Operation("GET", "/a/{x}", "one", null, "Light", false),
            new Operation("GET", "/a/{y}", "two", null, "Light", false));

    assertThatThrownBy(() -> EndpointCatalog.of(ambiguous))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GET /a/{y} is indistinguishable from GET /a/{x}");
  }

  @Test
  void malformedTemplatesAreRejected() {
    assertThatThrownBy(
            () ->
                EndpointCatalog.of(List.of(new Operation("GET", "/a/", "x", null, "Light", false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed catalog operation");
  }

  @Test
  void exampleOperationsPreferTheOperationNamedLikeThePermissionThenASimpleGet() {
    Map<String, Operation> examples = CATALOG.exampleOperationByPermission();

    assertThat(examples).hasSize(29);
    assertThat(examples.get("ReadCallLog").call())
        .isEqualTo("GET /restapi/v1.0/account/{accountId}/call-log");
    assertThat(examples.get("ReadPresence").call())
        .isEqualTo("GET /restapi/v1.0/account/{accountId}/presence");
    assertThat(examples.get("WebSocket").call()).isEqualTo("POST /restapi/oauth/wstoken");
    assertThat(examples.get("SMS").call())
        .isEqualTo("POST /restapi/v1.0/account/{accountId}/extension/{extensionId}/sms");
    assertThat(examples.get("Faxes").call())
        .isEqualTo("POST /restapi/v1.0/account/{accountId}/extension/{extensionId}/fax");
  }
}
