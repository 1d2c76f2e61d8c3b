package dev.graduation.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP server of the project answers the same way, whatever its routes: errors in its
 * {@link ErrorFormat} (Jetty's own, Javalin's refusals, failures), 405 with {@code Allow} for a
 * wrong method on a known route, {@code X-Content-Type-Options: nosniff} on every answer, no
 * server version. Routes, auth and metrics stay with each service.
 *
 * <pre>{@code
 * Javalin.create(config -> HttpSkeleton.install(config, ErrorFormat.JSON, "ingest"));
 * }</pre>
 */
public final class HttpSkeleton {

  private static final Logger log = LoggerFactory.getLogger(HttpSkeleton.class);

  private HttpSkeleton() {}

  /**
   * @param service names the service in the log line of an unexpected failure
   */
  public static void install(JavalinConfig config, ErrorFormat errors, String service) {
    JsonErrorHandler jettyErrors = new JsonErrorHandler(errors);
    config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
    config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(jettyErrors));
    config.jetty.modifyHttpConfiguration(
        http -> {
          http.setSendServerVersion(false);
          SecurityHeaders.addTo(http);
        });
    config.http.prefer405over404 = true;
    config.router.mount(
        router -> {
          // Javalin's own refusals: no route, wrong method, a body it would not read.
          router.exception(
              HttpResponseException.class, (e, ctx) -> refuse(ctx, errors, e));
          router.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("{}: {} {} failed", service, ctx.method(), ctx.path(), e);
                errors.write(ctx, 500, "internal error");
              });
          // A route that set the status alone.
          router.error(404, ctx -> refuseUnlessAnswered(ctx, errors));
          router.error(405, ctx -> refuseUnlessAnswered(ctx, errors));
        });
  }

  /**
   * Worded by the status alone: Javalin's messages may carry the request path or a class name.
   * A 405 lists the route's methods in {@code Allow}, as RFC 9110 (section 15.5.6) requires.
   */
  private static void refuse(Context ctx, ErrorFormat errors, HttpResponseException e) {
    String allowed = e.getDetails().get(AVAILABLE_METHODS);
    if (e.getStatus() == 405 && allowed != null) {
      ctx.header("Allow", allowed);
    }
    errors.write(ctx, e.getStatus(), errors.refusal(e.getStatus()));
  }

  private static void refuseUnlessAnswered(Context ctx, ErrorFormat errors) {
    if (!ErrorFormat.answered(ctx)) {
      errors.write(ctx, ctx.statusCode(), errors.refusal(ctx.statusCode()));
    }
  }

  /** Where Javalin's 405 lists the methods the path has ({@code MethodNotAllowedUtil}). */
  private static final String AVAILABLE_METHODS = "availableMethods";
}
