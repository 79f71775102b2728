package io.spear.http.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@link AuthGuard} needs to know of a route: its handler, the roles that may call it and when
 * it is public. Routes implement it, so the guard does not depend on the server's route type.
 */
public interface RouteAccess {

  /** The handler that serves the route once the caller is admitted. */
  Handler handler();

  /** The roles that may call the route; empty for a public route. */
  Set<Role> roles();

  /** Requests the route serves without a token although it has roles. */
  Predicate<Context> publicWhen();

  /** Whether anyone may call the route without a token. */
  boolean isPublic();

  /** Whether a caller of {@code role} may call the route. */
  boolean allows(Role role);

  /** The method and path, for messages ({@code GET /api/v1/tasks/{id}}). */
  String signature();
}
