package dev.graduation.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;

/**
 * The bodies of {@code /health/live} and {@code /health/ready}, the same for every service:
 * {@code {"status": "UP"}}, or 503 {@code {"status": "DOWN", "reason": "..."}} with {@code
 * Retry-After}. A service may answer more fields beside {@code status} (streams-app's readiness
 * says which state and which failure).
 */
public final class Health {

  public static final String UP = "UP";
  public static final String DOWN = "DOWN";

  private Health() {}

  /** The process runs. */
  public static void live(Context ctx) {
    up(ctx);
  }

  public static void up(Context ctx) {
    ctx.status(200).json(new Body(UP, null));
  }

  /** Not ready: an orchestrator should send no traffic for now. */
  public static void down(Context ctx, int retryAfterSeconds, String reason) {
    ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
    ctx.status(503).json(new Body(DOWN, reason));
  }

  /** {@code reason} only when down. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Body(String status, String reason) {}
}
