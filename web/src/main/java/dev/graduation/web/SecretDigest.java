package dev.graduation.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret (a token, {@code user:password}) kept as its SHA-256 digest and compared in constant
 * time: hashing first makes the lengths equal, so neither leaks, and {@link MessageDigest#isEqual}
 * takes the same time wherever the bytes differ.
 */
public final class SecretDigest {

  private final byte[] digest;

  public SecretDigest(String secret) {
    this.digest = sha256(secret);
  }

  /** Whether {@code presented} is the secret. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
