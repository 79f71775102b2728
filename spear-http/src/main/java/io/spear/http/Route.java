package io.spear.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One HTTP route: a method, a path template in OpenAPI syntax ({@code /api/v1/files/{id}}) and the
 * handler that serves it.
 *
 * @param method the HTTP method
 * @param path the path template
 * @param handler the code that answers
 */
public record Route(HandlerType method, String path, Handler handler) {

  /** Checks the parts eagerly. */
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' but was " + path);
    }
  }

  /** A GET route. */
  public static Route get(String path, Handler handler) {
    return new Route(HandlerType.GET, path, handler);
  }

  /** A POST route. */
  public static Route post(String path, Handler handler) {
    return new Route(HandlerType.POST, path, handler);
  }

  /** A PUT route. */
  public static Route put(String path, Handler handler) {
    return new Route(HandlerType.PUT, path, handler);
  }

  /** A DELETE route. */
  public static Route delete(String path, Handler handler) {
    return new Route(HandlerType.DELETE, path, handler);
  }

  /** {@code METHOD path}, as listed in an OpenAPI document. */
  public String signature() {
    return method.name() + " " + path;
  }
}
