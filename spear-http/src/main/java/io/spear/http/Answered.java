package io.spear.http;

import io.javalin.http.Context;

/**
 * Marks a response its handler wrote itself (a guest's 404 streamed to the client, say), so that
 * the server's error pages for 404 and 405 leave it alone.
 */
public final class Answered {

  private static final String KEY = "spear.error.answered";

  private Answered() {}

  /** Marks the response of {@code ctx} as complete in itself. */
  public static void mark(Context ctx) {
    ctx.attribute(KEY, true);
  }

  /** Whether the response of {@code ctx} was marked. */
  static boolean is(Context ctx) {
    return ctx.attribute(KEY) != null;
  }
}
