package dev.graduation.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * The bearer-token gate of both services: a request without one of the tokens gets 401 with the
 * challenge RFC 6750 (section 3) asks for, {@code WWW-Authenticate: Bearer realm="..."}, plus
 * {@code error="invalid_token"} when a token was presented but is not one of ours.
 */
public final class BearerAuth {

  /** The protection space of both services: one token set may serve both. */
  public static final String REALM = "graduation-analytics";

  static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";
  static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";
  static final String MESSAGE = "missing or invalid bearer token";

  private final BearerTokens tokens;
  private final ErrorFormat errors;

  public BearerAuth(List<String> tokens) {
    this.tokens = new BearerTokens(tokens);
    this.errors = ErrorFormat.JSON;
  }

  /** Whether the request may go on; if not, its 401 is written. */
  public boolean admits(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (tokens.accepts(authorization)) {
      return true;
    }
    ctx.header(
        "WWW-Authenticate", BearerTokens.presentsToken(authorization) ? INVALID_TOKEN : CHALLENGE);
    errors.write(ctx, 401, MESSAGE);
    return false;
  }

  /** A before-handler for a path whose every route needs a token: 401 ends the request there. */
  public Handler guard() {
    return ctx -> {
      if (!admits(ctx)) {
        ctx.skipRemainingHandlers();
      }
    };
  }
}
