package io.spear.http.auth;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spear.model.error.AccessDeniedException;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.ResourceExhaustedException;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks the bearer token of each request against the route's roles before its handler runs: 401
 * without a valid token, 403 for a role the route does not allow, 429 instead of 401 for a client
 * that failed too often (a valid token is never throttled). Failures are counted in {@code
 * spear.auth.failures} by reason.
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

  /**
   * A guard for {@code security}, counting failures in {@code meters} and, to throttle failing
   * clients, in {@code failures} (shared by the servers that share it) on {@code clock}'s time.
   */
  public AuthGuard(
      ServerSecurity security, MeterRegistry meters, FailureLedger failures, InstantSource clock) {
    this.security = security;
    this.limiter = new FailedAttemptLimiter(failures, security.failuresPerMinute(), clock);
    this.missing = failures(meters, "missing");
    this.invalid = failures(meters, "invalid");
    this.forbidden = failures(meters, "forbidden");
    this.throttled = failures(meters, "throttled");
  }

  /**
   * The handler to serve {@code route} with: its own when authentication is off or the route is
   * public, else one that checks the caller first.
   */
  public Handler protect(RouteAccess route) {
    if (!security.enabled() || route.isPublic()) {
      return route.handler();
    }
    Handler handler = route.handler();
    return ctx -> {
      if (route.publicWhen().test(ctx)) {
        identify(ctx);
      } else {
        admit(ctx, route);
      }
      handler.handle(ctx);
    };
  }

  /** On a request that needs no token: names the caller when a valid one came anyway. */
  private void identify(Context ctx) {
    presentedToken(ctx)
        .flatMap(security.tokens()::authenticate)
        .ifPresent(caller -> ctx.attribute(CALLER, caller));
  }

  /**
   * Whether a request to a public route carries a valid token, so that it may be told more; with
   * authentication off every caller may (every route is open to it anyway).
   */
  public boolean authenticated(Context ctx) {
    return !security.enabled()
        || presentedToken(ctx).flatMap(security.tokens()::authenticate).isPresent();
  }

  /** The caller a guarded handler serves; empty when authentication is off. */
  public static Optional<Caller> caller(Context ctx) {
    return Optional.ofNullable(ctx.attribute(CALLER));
  }

  private void admit(Context ctx, RouteAccess route) {
    // The token first: a valid one is never throttled, whatever others at its address did.
    Optional<String> presented = presentedToken(ctx);
    Optional<Caller> caller = presented.flatMap(security.tokens()::authenticate);
    if (caller.isEmpty()) {
      throw refusal(ctx, presented);
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

  /** 401 for a missing or wrong token, or 429 once its client failed too often. */
  private RuntimeException refusal(Context ctx, Optional<String> presented) {
    OptionalLong wait = limiter.fail(ctx.ip(), presented);
    if (wait.isPresent()) {
      throttled.increment();
      ctx.header("Retry-After", Long.toString(wait.getAsLong()));
      return new ResourceExhaustedException("too many failed authentications; retry later");
    }
    if (presented.isEmpty()) {
      missing.increment();
      return unauthenticated(ctx, "this route needs an Authorization: Bearer token");
    }
    invalid.increment();
    return unauthenticated(ctx, "the bearer token is not valid");
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

  private static String allowed(RouteAccess route) {
    return String.join(", ", route.roles().stream().map(Role::id).sorted().toList());
  }

  private static Counter failures(MeterRegistry meters, String reason) {
    return Counter.builder("spear.auth.failures")
        .description("Requests refused by authentication, by reason")
        .tag("reason", reason)
        .register(meters);
  }
}
