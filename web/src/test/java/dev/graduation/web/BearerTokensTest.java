package dev.graduation.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

  private final BearerTokens tokens = new BearerTokens(List.of("current-token", "next-token"));

  @Test
  void everyConfiguredTokenIsAccepted() {
    assertThat(tokens.accepts("Bearer current-token")).isTrue();
    assertThat(tokens.accepts("Bearer next-token")).isTrue();
  }

  @Test
  void theSchemeIsCaseInsensitiveAndSurroundingSpaceIgnored() {
    assertThat(tokens.accepts("bearer current-token")).isTrue();
    assertThat(tokens.accepts("BEARER   current-token ")).isTrue();
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(tokens.accepts(null)).isFalse();
    assertThat(tokens.accepts("")).isFalse();
    assertThat(tokens.accepts("Bearer")).isFalse();
    assertThat(tokens.accepts("Bearer ")).isFalse();
    assertThat(tokens.accepts("current-token")).isFalse();
    assertThat(tokens.accepts("Basic current-token")).isFalse();
    assertThat(tokens.accepts("Bearer current-toke")).isFalse();
    assertThat(tokens.accepts("Bearer current-token2")).isFalse();
    assertThat(tokens.accepts("Bearer CURRENT-TOKEN")).isFalse();
    assertThat(tokens.accepts("Bearer current-token,next-token")).isFalse();
  }
}
