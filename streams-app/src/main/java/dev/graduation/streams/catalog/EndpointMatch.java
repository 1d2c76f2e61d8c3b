package dev.graduation.streams.catalog;

/**
 * What the catalog says about one call (contract sections 2 and 7).
 *
 * <p>Three kinds of result, depending on how the path matched:
 *
 * <ul>
 *   <li>a template of the call's own method: {@code operation} is that row, and {@code permission}
 *       and {@code oauth} come from it;
 *   <li>no template of its own method, but one of another method: {@code endpoint} is that
 *       template, {@code permission} is null (the call exercises no permission), {@code oauth} is
 *       the template's flag, and {@code operation} is a row of that other method (the first in
 *       alphabetical method order), so its {@code method()} differs from the call's;
 *   <li>no template at all: {@code endpoint} is the generalised path, {@code operation} and {@code
 *       permission} are null, and {@code oauth} is true when the path is under {@code
 *       /restapi/oauth/}.
 * </ul>
 *
 * @param endpoint the template, or the generalised path when nothing matched
 * @param key the call's method and {@code endpoint}, as {@link #key(String, String)} joins them:
 *     what the call is counted under; made once per operation for a template of its own method
 * @param permission the app permission the call exercises; null if none
 * @param oauth an OAuth call: counted apart from API calls
 * @param tokenRequest {@code POST /restapi/oauth/token}, whatever its status
 * @param operation the matched catalog row; null when nothing matched
 */
public record EndpointMatch(
    String endpoint,
    String key,
    String permission,
    boolean oauth,
    boolean tokenRequest,
    Operation operation) {

  /** Method and endpoint, one space between: {@code GET /restapi/v1.0/account/{accountId}}. */
  public static String key(String method, String endpoint) {
    return method + ' ' + endpoint;
  }
}
