package io.spear.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.spear.http.auth.Role;
import io.spear.http.auth.RouteAccess;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One HTTP route: a method, a path template in OpenAPI syntax ({@code /api/v1/files/{id}}; a last
 * part {@code <rest>} matches the rest of the path, slashes included, and is listed as {@code
 * {rest}}), the handler that serves it and the roles that may call it when tokens are configured.
 *
 * <p>By default a GET is open to every role (viewers included) and any other method to users;
 * {@link #allow} narrows or widens that, {@link #publicAccess()} needs no token at all. An admin
 * may use every route that is not public.
 *
 * @param method the HTTP method
 * @param path the path template
 * @param handler the code that answers
 * @param roles the roles allowed (admin always among them); empty for a public route
 * @param publicWhen decides per request that a route with roles needs no token (an HTTP trigger
 *     whose task says so); a valid token presented anyway still names the caller
 */
public record Route(
    HandlerType method,
    String path,
    Handler handler,
    Set<Role> roles,
    Predicate<Context> publicWhen)
    implements RouteAccess {

  private static boolean never(Context ctx) {
    return false;
  }

  /** Checks the parts eagerly. */
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/' but was " + path);
    }
    Objects.requireNonNull(roles, "roles");
    if (!roles.isEmpty()) {
      EnumSet<Role> all = EnumSet.copyOf(roles);
      all.add(Role.ADMIN);
      roles = Set.copyOf(all);
    } else {
      roles = Set.of();
    }
    publicWhen = publicWhen == null ? Route::never : publicWhen;
  }

  /** A route needing one of {@code roles}, or none when {@code roles} is empty. */
  public Route(HandlerType method, String path, Handler handler, Set<Role> roles) {
    this(method, path, handler, roles, Route::never);
  }

  /** A route with the default roles of its method. */
  public Route(HandlerType method, String path, Handler handler) {
    this(method, path, handler, defaultRoles(method));
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

  /** A copy that only {@code allowed} (and admins) may call; none given means admins only. */
  public Route allow(Role... allowed) {
    EnumSet<Role> set = EnumSet.of(Role.ADMIN);
    set.addAll(Arrays.asList(allowed));
    return new Route(method, path, handler, set, publicWhen);
  }

  /** A copy that {@code more} may call too, besides the roles it allows already. */
  public Route alsoAllow(Role... more) {
    EnumSet<Role> set = EnumSet.of(Role.ADMIN);
    set.addAll(roles);
    set.addAll(Arrays.asList(more));
    return new Route(method, path, handler, set, publicWhen);
  }

  /** A copy that answers without a token. */
  public Route publicAccess() {
    return new Route(method, path, handler, Set.of());
  }

  /**
   * A copy that needs no token for a request {@code test} accepts, and its roles' tokens for any
   * other; {@code test} runs before authentication, so it must not trust the request's claims.
   */
  public Route publicWhen(Predicate<Context> test) {
    return new Route(method, path, handler, roles, test);
  }

  /** True when the route needs no token. */
  @Override
  public boolean isPublic() {
    return roles.isEmpty();
  }

  /** True when a caller with {@code role} may call this route. */
  @Override
  public boolean allows(Role role) {
    return isPublic() || roles.contains(role);
  }

  /**
   * {@code METHOD path}, as listed in an OpenAPI document: a parameter that may span segments
   * ({@code <key>}) is written {@code {key}} there.
   */
  @Override
  public String signature() {
    return method.name() + " " + path.replace('<', '{').replace('>', '}');
  }

  private static Set<Role> defaultRoles(HandlerType method) {
    // SMS's forwarding identity is accepted only where a route names it.
    return method == HandlerType.GET || method == HandlerType.HEAD
        ? EnumSet.complementOf(EnumSet.of(Role.SMS))
        : EnumSet.of(Role.USER);
  }
}
