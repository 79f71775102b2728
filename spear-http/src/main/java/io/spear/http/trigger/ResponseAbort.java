package io.spear.http.trigger;

import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Cuts off a response whose status is already sent: the client sees the connection end without the
 * body's last chunk, so it can tell the answer is incomplete.
 */
public final class ResponseAbort {

  private ResponseAbort() {}

  /** Aborts the response of {@code ctx}, for {@code reason}. */
  public static void abort(Context ctx, String reason) {
    Request base = Request.getBaseRequest(ctx.req());
    HttpChannel channel = base == null ? null : base.getHttpChannel();
    if (channel != null) {
      channel.abort(new java.io.IOException(reason));
    }
  }
}
