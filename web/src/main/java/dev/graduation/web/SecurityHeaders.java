package dev.graduation.web;

import org.eclipse.jetty.server.HttpConfiguration;

/**
 * Headers every answer carries, whoever writes it: a route, an error handler, Jetty itself.
 *
 * <p>{@code X-Content-Type-Options: nosniff} stops a browser from guessing that a JSON error
 * which echoes part of a request is HTML and running it. Set by a Jetty customizer, which runs
 * for every request Jetty parsed, before any handler; {@link JsonErrorHandler} sets it again on
 * error pages and on the requests Jetty could not parse.
 */
public final class SecurityHeaders {

  public static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
  public static final String NOSNIFF = "nosniff";

  private SecurityHeaders() {}

  /** Adds the headers to every response of connectors using {@code http}. */
  public static void addTo(HttpConfiguration http) {
    http.addCustomizer(
        (connector, channelConfig, request) ->
            request.getResponse().setHeader(CONTENT_TYPE_OPTIONS, NOSNIFF));
  }
}
