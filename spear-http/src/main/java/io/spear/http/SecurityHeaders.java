package io.spear.http;

import io.javalin.Javalin;
import java.util.Map;

/**
 * Response headers that keep browsers from misreading answers: {@code nosniff} on every answer, and
 * on the sites' pages (the console) a Content-Security-Policy that allows only the site's own
 * scripts, styles and connections and no framing.
 */
final class SecurityHeaders {

  /**
   * What the console's bundle needs: its own files, same-origin fetch and WebSocket, data: icons.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
          + "frame-ancestors 'none'";

  /** The headers of a site's pages and assets. */
  static final Map<String, String> PAGES =
      Map.of(
          "Content-Security-Policy", PAGE_POLICY,
          "X-Frame-Options", "DENY",
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer");

  /** The header every answer carries. */
  static final Map<String, String> ALL = Map.of("X-Content-Type-Options", "nosniff");

  private SecurityHeaders() {}

  /** Adds {@link #ALL} to every answer of {@code app}. */
  static void install(Javalin app) {
    app.before(ctx -> ALL.forEach(ctx::header));
  }
}
