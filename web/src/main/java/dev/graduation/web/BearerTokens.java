package dev.graduation.web;

import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens.
 *
 * <p>The comparison must not tell an attacker how much of a guess was right: each token is a
 * {@link SecretDigest}, compared in constant time; and every configured token is compared, not
 * just up to the first match.
 */
public final class BearerTokens {

  private static final String PREFIX = "bearer ";

  private final List<SecretDigest> tokens;

  public BearerTokens(List<String> tokens) {
    this.tokens = tokens.stream().map(SecretDigest::new).toList();
  }

  /** Whether the Authorization header carries one of the tokens. */
  public boolean accepts(String authorizationHeader) {
    if (!presentsToken(authorizationHeader)) {
      return false;
    }
    String presented = authorizationHeader.substring(PREFIX.length()).trim();
    boolean match = false;
    for (SecretDigest token : tokens) {
      match |= token.matches(presented);
    }
    return match;
  }

  /** Whether the header offers a bearer token at all, right or wrong. */
  static boolean presentsToken(String authorizationHeader) {
    return authorizationHeader != null
        && authorizationHeader.length() > PREFIX.length()
        && authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && !authorizationHeader.substring(PREFIX.length()).isBlank();
  }
}
