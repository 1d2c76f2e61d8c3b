package dev.graduation.streams.query;

import io.javalin.Javalin;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.webjars.WebJarVersionLocator;

/**
 * The dashboard: one page, its script and style, and Chart.js from its WebJar, all read from
 * the jar once at start (a missing file fails the start, not a visitor's page load). Nothing is
 * fetched from elsewhere at run time, and the page's Content-Security-Policy says so to the
 * browser: scripts, styles and data calls from this origin only, so that no appId or remedy
 * text shown on the page can ever run as code.
 */
final class DashboardAssets {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private DashboardAssets() {}

  static void install(Javalin app) {
    serve(app, "/", "/dashboard/index.html", "text/html; charset=utf-8");
    serve(app, "/dashboard.js", "/dashboard/dashboard.js", "text/javascript; charset=utf-8");
    serve(app, "/dashboard.css", "/dashboard/dashboard.css", "text/css; charset=utf-8");
    // The WebJar's path carries its version; the locator reads it from the jar, so the pom alone names it.
    serve(app, "/vendor/chart.umd.js",
        "/" + new WebJarVersionLocator().fullPath("chartjs", "dist/chart.umd.js"), "text/javascript; charset=utf-8");
  }

  private static void serve(Javalin app, String route, String resource, String contentType) {
    byte[] body = read(resource);
    app.get(route, ctx -> ctx
        .contentType(contentType)
        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        // Revalidated on every load, so a new version of the page is never mixed with an old script.
        .header("Cache-Control", "no-cache")
        .result(body));
  }

  private static byte[] read(String resource) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new FileNotFoundException(resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's " + resource, e);
    }
  }
}
