package dev.graduation.streams.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Raw request paths and what contract sections 2 and 7 say they are, written out by hand from the
 * shipped catalog ({@code catalog/api-catalog.csv}). The oracle test reads expectations from this
 * table only, never from {@code EndpointCatalog}, so a normaliser bug shows up as a mismatch
 * instead of being copied into the expected values.
 */
final class PathTable {

  static final String TOKEN_TEMPLATE = "/restapi/oauth/token";

  /**
   * One raw call shape.
   *
   * @param method HTTP method sent
   * @param rawPath path as the gateway saw it: ids, {@code ~}, query strings, fragments
   * @param template the endpoint the contract normalises it to
   * @param permission the permission a successful call exercises; null if none
   * @param oauth an OAuth call (counted apart from API calls)
   */
  record Route(String method, String rawPath, String template, String permission, boolean oauth) {

    /** Contract section 7: any {@code POST /restapi/oauth/token}, whatever its status. */
    boolean tokenRequest() {
      return method.equals("POST") && template.equals(TOKEN_TEMPLATE);
    }

    @Override
    public String toString() {
      return method + " " + rawPath;
    }
  }

  private static Route api(String method, String rawPath, String template, String permission) {
    return new Route(method, rawPath, template, permission, false);
  }

  private static Route oauth(String method, String rawPath, String template, String permission) {
    return new Route(method, rawPath, template, permission, true);
  }

  private static final String EXT = "/restapi/v1.0/account/{accountId}/extension/{extensionId}";
  private static final String ACC = "/restapi/v1.0/account/{accountId}";

  /** API calls whose own method has a catalog template that names a permission. */
  static final List<Route> WITH_PERMISSION =
      List.of(
          api("GET", "/restapi/v1.0/account/~/extension/62264425004/call-log?view=Simple", EXT + "/call-log", "ReadCallLog"),
          api("GET", "/restapi/v1.0/account/~/extension/~/call-log/Abc123XyZ", EXT + "/call-log/{callRecordId}", "ReadCallLog"),
          api("GET", "/restapi/v1.0/account/~/extension/~/call-log-sync?syncType=FSync", EXT + "/call-log-sync", "ReadCallLog"),
          api("GET", "/restapi/v1.0/account/~/extension/~/presence", EXT + "/presence", "ReadPresence"),
          // one trailing slash is ignored
          api("GET", "/restapi/v1.0/account/123/extension/456/presence/", EXT + "/presence", "ReadPresence"),
          // query string then fragment: both dropped
          api("GET", "/restapi/v1.0/account/~/presence?detailedTelephonyState=true#top", ACC + "/presence", "ReadPresence"),
          api("POST", "/restapi/v1.0/account/~/extension/~/sms", EXT + "/sms", "SMS"),
          api("GET", "/restapi/v1.0/account/~/extension/~/message-store/98765", EXT + "/message-store/{messageId}", "ReadMessages"),
          api("GET", "/restapi/v1.0/account/~/extension/~/message-store?messageType=SMS&perPage=100", EXT + "/message-store", "ReadMessages"),
          // a query string may hold slashes and a fragment
          api("GET", "/restapi/v1.0/account/~/extension/~/message-store?next=/x/1#part", EXT + "/message-store", "ReadMessages"),
          api("GET", "/restapi/v1.0/account/~/extension/~/presence#now", EXT + "/presence", "ReadPresence"),
          api("GET", "/restapi/v1.0/account/~/extension/~", EXT, "ReadAccounts"),
          api("GET", "/restapi/v1.0/account/~/extension/~/address-book/contact?page=2", EXT + "/address-book/contact", "ReadContacts"),
          api("POST", "/restapi/v1.0/account/~/extension/~/address-book/contact", EXT + "/address-book/contact", "Contacts"),
          api("GET", "/team-messaging/v1/chats/12345/posts?recordCount=30", "/team-messaging/v1/chats/{chatId}/posts", "TeamMessaging"),
          // literal segments win over placeholders
          api("GET", "/restapi/v1.0/account/~/user-role/default", ACC + "/user-role/default", "RoleManagement"),
          api("GET", "/restapi/v1.0/account/~/user-role/12", ACC + "/user-role/{roleId}", "ReadAccounts"),
          api("GET", "/restapi/v1.0/account/~/extension/~/greeting/hold-music", EXT + "/greeting/hold-music", "ReadAccounts"),
          api("GET", "/restapi/v1.0/account/~/message-threads/sync", ACC + "/message-threads/sync", "SMS"),
          api("GET", "/scim/v2/Users/3f2b8c1e-0a4d-4e6b-9c1f-2d7e8a9b0c11", "/scim/v2/Users/{scimUserId}", "ReadAccounts"),
          api("POST", "/restapi/v1.0/account/~/extension/~/ring-out", EXT + "/ring-out", "RingOut"),
          api("POST", "/restapi/v1.0/account/~/extension/~/fax", EXT + "/fax", "Faxes"));

  /**
   * Calls that share a template with a {@link #WITH_PERMISSION} route but carry another method and
   * permission: failing ones must not show up in the permissions list, nor help the endpoint.
   */
  static final List<Route> SIBLINGS =
      List.of(
          api("DELETE", "/restapi/v1.0/account/~/extension/~/call-log", EXT + "/call-log", "EditCallLog"),
          api("PUT", "/restapi/v1.0/account/~/extension/~/presence", EXT + "/presence", "EditPresence"));

  /** API calls that exercise no permission. */
  static final List<Route> WITHOUT_PERMISSION =
      List.of(
          // catalog operations without a permission
          api("GET", "/restapi/v1.0/dictionary/country/46", "/restapi/v1.0/dictionary/country/{countryId}", null),
          api("GET", "/restapi", "/restapi", null),
          api("GET", "/restapi/v1.0", "/restapi/{apiVersion}", null),
          // no template of the call's own method: another method's template, no permission
          api("POST", "/restapi/v1.0/account/~/extension/~/presence", EXT + "/presence", null),
          api("PATCH", "/restapi/v1.0/account/~/extension/~/call-log/ABC", EXT + "/call-log/{callRecordId}", null),
          // no template at all: generalised
          api("GET", "/restapi/v1.0/account/~/widgets/12345?x=1", "/restapi/v1.0/account/{id}/widgets/{id}", null),
          api("GET", "/restapi/v2/unknown/3F2B8C1E-0A4D-4E6B-9C1F-2D7E8A9B0C11", "/restapi/v2/unknown/{id}", null),
          api("DELETE", "/api/v9/Things/ABC-123", "/api/v9/Things/ABC-123", null),
          // no case folding, no percent-decoding: these match nothing
          api("GET", "/restapi/v1.0/account/~/extension/~/Presence", "/restapi/v1.0/account/{id}/extension/{id}/Presence", null),
          api("GET", "/restapi/v1.0/account/~/extension/~/call%2Dlog", "/restapi/v1.0/account/{id}/extension/{id}/call%2Dlog", null),
          // only ASCII digits are numeric (these are Arabic-Indic digits)
          api("GET", "/restapi/v1.0/account/~/gadgets/\u0661\u0662\u0663", "/restapi/v1.0/account/{id}/gadgets/\u0661\u0662\u0663", null),
          // only one trailing slash is ignored: the empty segment left matches no template
          api("GET", "/restapi/v1.0/account/~/extension/~/presence//", "/restapi/v1.0/account/{id}/extension/{id}/presence/", null));

  /** Token requests: any POST /restapi/oauth/token. */
  static final List<Route> TOKEN =
      List.of(
          oauth("POST", "/restapi/oauth/token", TOKEN_TEMPLATE, null),
          oauth("POST", "/restapi/oauth/token?grant_type=refresh_token", TOKEN_TEMPLATE, null),
          oauth("POST", "/restapi/oauth/token/", TOKEN_TEMPLATE, null));

  static final Route WS_TOKEN = oauth("POST", "/restapi/oauth/wstoken", "/restapi/oauth/wstoken", "WebSocket");

  /** OAuth calls that are not token requests. */
  static final List<Route> OTHER_OAUTH =
      List.of(
          oauth("POST", "/restapi/oauth/revoke?token=abc", "/restapi/oauth/revoke", null),
          oauth("GET", "/restapi/oauth/authorize?client_id=x&response_type=code", "/restapi/oauth/authorize", null),
          // another method's OAuth template: still OAuth, but not a token request (not a POST)
          oauth("GET", "/restapi/oauth/token", TOKEN_TEMPLATE, null),
          // no template, under /restapi/oauth/: OAuth, generalised
          oauth("POST", "/restapi/oauth/session/42", "/restapi/oauth/session/{id}", null));

  /** All API-call routes. */
  static final List<Route> ALL_API =
      Stream.of(WITH_PERMISSION, SIBLINGS, WITHOUT_PERMISSION).flatMap(List::stream).toList();

  /**
   * API routes (siblings excluded) by template, in table order: a planned call "to an endpoint"
   * picks one of its raw shapes, so that per-endpoint counts are exactly what was planned.
   */
  static final Map<String, List<Route>> API_BY_TEMPLATE =
      Stream.concat(WITH_PERMISSION.stream(), WITHOUT_PERMISSION.stream())
          .collect(Collectors.groupingBy(Route::template, LinkedHashMap::new, Collectors.toList()));

  private PathTable() {}
}
