package io.spear.http;

import io.javalin.http.Context;

/** Request bodies of the hot routes, read without a buffer when there is nothing to read. */
public final class RequestBodies {

  private static final byte[] NONE = new byte[0];

  private RequestBodies() {}

  /**
   * The body's bytes. An empty body (Content-Length 0, as most invocations without input send)
   * costs nothing; Javalin would start an 8 KiB buffer and a second 8 KiB copy buffer for it. Any
   * other body is read by Javalin, within its size limit.
   */
  public static byte[] bytes(Context ctx) {
    return ctx.contentLength() == 0 ? NONE : ctx.bodyAsBytes();
  }
}
