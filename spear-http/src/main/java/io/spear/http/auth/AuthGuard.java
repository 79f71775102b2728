package io.spear.http.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spear.http.Route;
import io.spear.model.error.AccessDeniedException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.ResourceExhaustedException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Checks the bearer token of each request against the route's roles before its handler runs: 401
 * without a valid token, 403 for a role the route does not allow, 429 for a client address that
 * failed too often. Failures are counted in {@code spear.auth.failures} by reason.
 */
public final class AuthGuard {

  private static final String CALLER = "spear.auth.caller";
  private static final String BEARER = "bearer ";

  private final ServerSecurity security;
  private final FailedAttemptLimiter limiter;
  private final Counter missing;
  private final Counter invalid;
  private final Counter forbidden;
  private final Counter throttled;

  /** A guard for {@code security}, counting failures in {@code meters}. */
  public AuthGuard(ServerSecurity security, MeterRegistry meters, LongSupplier nanoTime) {
    this.security = security;
    this.limiter = new FailedAttemptLimiter(security.failuresPerMinute(), nanoTime);
    this.missing = failures(meters, "missing");
    this.invalid = failures(meters, "invalid");
    this.forbidden = failures(meters, "forbidden");
    this.throttled = failures(meters, "throttled");
  }

  /**
   * The handler to serve {@code route} with: its own when authentication is off or the route is
   * public, else one that checks the caller first.
   */
  public Handler protect(Route route) {
    if (!security.enabled() || route.isPublic()) {
      return route.handler();
    }
    Handler handler = route.handler();
    return ctx -> {
      admit(ctx, route);
      handler.handle(ctx);
    };
  }

  /** The caller a guarded handler serves; empty when authentication is off. */
  public static Optional<Caller> caller(Context ctx) {
    return Optional.ofNullable(ctx.attribute(CALLER));
  }

  private void admit(Context ctx, Route route) {
    String client = ctx.ip();
    if (limiter.throttled(client)) {
      throttled.increment();
      ctx.header("Retry-After", "60");
      throw new ResourceExhaustedException("too many failed authentications; retry later");
    }
    Optional<String> presented = presentedToken(ctx);
    if (presented.isEmpty()) {
      missing.increment();
      limiter.recordFailure(client);
      throw unauthenticated(ctx, "this route needs an Authorization: Bearer token");
    }
    Optional<Caller> caller = security.tokens().authenticate(presented.get());
    if (caller.isEmpty()) {
      invalid.increment();
      limiter.recordFailure(client);
      throw unauthenticated(ctx, "the bearer token is not valid");
    }
    Role role = caller.get().role();
    if (!route.allows(role)) {
      forbidden.increment();
      throw new AccessDeniedException(
          ErrorCode.PERMISSION_DENIED,
          "role "
              + role.id()
              + " may not "
              + route.signature()
              + " (allowed: "
              + allowed(route)
              + ")");
    }
    ctx.attribute(CALLER, caller.get());
  }

  /**
   * The {@code Authorization} header's bearer token or, on a WebSocket handshake (browsers cannot
   * set that header there), the one offered in its subprotocol list.
   */
  private static Optional<String> presentedToken(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return Optional.of(header.substring(BEARER.length()));
    }
    if ("websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
      return WebSocketBearer.fromProtocols(
          String.join(",", Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol"))));
    }
    return Optional.empty();
  }

  private static AccessDeniedException unauthenticated(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer");
    return new AccessDeniedException(ErrorCode.UNAUTHENTICATED, message);
  }

  private static String allowed(Route route) {
    return String.join(", ", route.roles().stream().map(Role::id).sorted().toList());
  }

  private static Counter failures(MeterRegistry meters, String reason) {
    return Counter.builder("spear.auth.failures")
        .description("Requests refused by authentication, by reason")
        .tag("reason", reason)
        .register(meters);
  }
}
