package io.spear.http;

import io.javalin.http.Context;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Request;

/** The threads that serve requests, for a handler that goes on with its request after a wait. */
public final class RequestThreads {

  private RequestThreads() {}

  /**
   * The request thread pool of the server serving {@code ctx}: work handed to it runs on threads
   * with the server's request thread stack (see {@link
   * HttpServer.Builder#requestThreadStackBytes}).
   */
  public static Executor of(Context ctx) {
    Request base = Request.getBaseRequest(ctx.req());
    if (base == null) {
      throw new IllegalStateException("not a request served by Jetty: " + ctx.req());
    }
    return base.getHttpChannel().getServer().getThreadPool();
  }
}
