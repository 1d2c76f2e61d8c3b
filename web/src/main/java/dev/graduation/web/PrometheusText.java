package dev.graduation.web;

import io.javalin.http.Handler;
import java.util.function.Supplier;

/** {@code GET /metrics} of every server: a registry's scrape in Prometheus' text format. */
public final class PrometheusText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** @param scrape the registry's {@code scrape()} */
  public static Handler handler(Supplier<String> scrape) {
    return ctx -> ctx.contentType(CONTENT_TYPE).result(scrape.get());
  }
}
