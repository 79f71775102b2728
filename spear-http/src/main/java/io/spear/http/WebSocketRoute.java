package io.spear.http;

import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A WebSocket route on the same server as the REST routes. {@code beforeUpgrade} may refuse the
 * handshake by throwing (an {@code HttpResponseException} gives the client its status); a plain GET
 * without the upgrade headers is answered 426.
 *
 * @param path the path template in OpenAPI syntax
 * @param beforeUpgrade checks run before the upgrade, on the request thread
 * @param handler the socket's event handlers
 * @param ownTokens whether {@code beforeUpgrade} checks tokens of its own (then no bearer token is
 *     asked for when authentication is on)
 */
public record WebSocketRoute(
    String path, Handler beforeUpgrade, Consumer<WsConfig> handler, boolean ownTokens) {

  /** A route that needs the caller's bearer token when authentication is on. */
  public WebSocketRoute(String path, Handler beforeUpgrade, Consumer<WsConfig> handler) {
    this(path, beforeUpgrade, handler, false);
  }

  /** Checks the parts eagerly. */
  public WebSocketRoute {
    Objects.requireNonNull(beforeUpgrade, "beforeUpgrade");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' but was " + path);
    }
  }
}
