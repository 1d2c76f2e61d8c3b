package dev.graduation.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens.
 *
 * <p>The comparison must not tell an attacker how much of a guess was right: both sides are hashed
 * to SHA-256 first (so that lengths match and do not leak either) and compared with {@link
 * MessageDigest#isEqual}, which takes the same time wherever the bytes differ; and every
 * configured token is compared, not just up to the first match.
 */
public final class BearerTokens {

  private static final String PREFIX = "bearer ";

  private final List<byte[]> tokenDigests;

  public BearerTokens(List<String> tokens) {
    this.tokenDigests = tokens.stream().map(BearerTokens::sha256).toList();
  }

  /** Whether the Authorization header carries one of the tokens. */
  public boolean accepts(String authorizationHeader) {
    if (!presentsToken(authorizationHeader)) {
      return false;
    }
    byte[] presented = sha256(authorizationHeader.substring(PREFIX.length()).trim());
    boolean match = false;
    for (byte[] token : tokenDigests) {
      match |= MessageDigest.isEqual(token, presented);
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

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
