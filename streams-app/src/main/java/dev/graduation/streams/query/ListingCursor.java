package dev.graduation.streams.query;

import dev.graduation.schemas.AppIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code cursor} of {@code GET /v1/apps}: the last appId of the page it follows, encoded so
 * that clients treat it as opaque (a later version may put more in it, such as a snapshot). The
 * next page starts strictly after that appId, so a page boundary never shows an app twice or
 * skips one, whichever instance is asked, and an app created between two pages appears in the
 * later page if it sorts after the boundary.
 */
final class ListingCursor {

  /** A version tag, so that a cursor of another format is refused instead of misread. */
  private static final String VERSION = "1:";

  private ListingCursor() {}

  /** The cursor of the page that follows {@code lastAppId}. */
  static String after(String lastAppId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + lastAppId).getBytes(StandardCharsets.UTF_8));
  }

  /** The appId a cursor starts after; 400 for anything this API did not hand out. */
  static String appId(String cursor) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!decoded.startsWith(VERSION) || !AppIds.isValid(decoded.substring(VERSION.length()))) {
      throw invalid();
    }
    return decoded.substring(VERSION.length());
  }

  private static QueryException invalid() {
    return QueryException.badRequest("cursor must be a nextCursor returned by GET /v1/apps");
  }
}
