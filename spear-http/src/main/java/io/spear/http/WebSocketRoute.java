package io.spear.http;

import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import io.spear.http.auth.Role;
import java.util.Objects;
import java.util.Set;
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
 * @param roles the roles whose bearer token opens the socket (admin always among them): users, as a
 *     socket feeds input to a guest, and whichever others the route names
 */
public record WebSocketRoute(
    String path,
    Handler beforeUpgrade,
    Consumer<WsConfig> handler,
    boolean ownTokens,
    Set<Role> roles) {

  /** A route that needs the caller's bearer token when authentication is on. */
  public WebSocketRoute(String path, Handler beforeUpgrade, Consumer<WsConfig> handler) {
    this(path, beforeUpgrade, handler, false);
  }

  /** A route for users' bearer tokens, or for its own tokens. */
  public WebSocketRoute(
      String path, Handler beforeUpgrade, Consumer<WsConfig> handler, boolean ownTokens) {
    this(path, beforeUpgrade, handler, ownTokens, Set.of(Role.USER));
  }

  /** A copy that only {@code allowed} (and admins) may open. */
  public WebSocketRoute allow(Role... allowed) {
    return new WebSocketRoute(path, beforeUpgrade, handler, ownTokens, Set.of(allowed));
  }

  /** Checks the parts eagerly. */
  public WebSocketRoute {
    Objects.requireNonNull(beforeUpgrade, "beforeUpgrade");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' but was " + path);
    }
    roles = Set.copyOf(roles);
  }
}
