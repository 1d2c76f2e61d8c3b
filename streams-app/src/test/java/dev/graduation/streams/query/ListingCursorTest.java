package dev.graduation.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The cursor of {@code GET /v1/apps}. Seen failing with the version tag left out of the check
 * (a bare base64 appId was accepted) and with padding kept (cursors ended in "=", which a client
 * must then escape in a query string).
 */
class ListingCursorTest {

  @Test
  void aCursorGivesBackTheAppIdItFollows() {
    for (String appId : new String[] {"a", "app-0001", "A.b_c-9", "x".repeat(64)}) {
      assertThat(ListingCursor.appId(ListingCursor.after(appId))).isEqualTo(appId);
    }
  }

  @Test
  void aCursorIsOpaqueAndSafeInAQueryString() {
    String cursor = ListingCursor.after("app-0001");

    assertThat(cursor).doesNotContain("app-0001").matches("[A-Za-z0-9_-]+");
  }

  @Test
  void anythingThisApiDidNotHandOutIs400() {
    String bareAppId = Base64.getUrlEncoder().withoutPadding().encodeToString("app-1".getBytes(StandardCharsets.UTF_8));
    String badAppId = Base64.getUrlEncoder().withoutPadding().encodeToString("1:no spaces".getBytes(StandardCharsets.UTF_8));
    for (String cursor : new String[] {"%%%", "not base64!", bareAppId, badAppId, ListingCursor.after("x") + "*"}) {
      assertThatThrownBy(() -> ListingCursor.appId(cursor))
          .as(cursor)
          .isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("cursor must be a nextCursor returned by GET /v1/apps");
          });
    }
  }
}
