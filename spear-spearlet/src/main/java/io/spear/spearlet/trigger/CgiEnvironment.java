package io.spear.spearlet.trigger;

import io.javalin.http.Context;
import io.spear.http.auth.AuthGuard;
import io.spear.http.trigger.Forwarded;
import io.spear.http.trigger.HopByHop;
import io.spear.http.trigger.TriggerRoutes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CGI/1.1 meta-variables (RFC 3875 section 4.1) of one request, plus WAGI's {@code X_*}
 * additions, as the guest's environment.
 */
final class CgiEnvironment {

  /** Headers that carry the client's secrets: the guest sees them only when its task opts in. */
  static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

  // Names CGI can represent without ambiguity: "X_Foo" and "X-Foo" would both be HTTP_X_FOO.
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,128}");

  private CgiEnvironment() {}

  /**
   * The variables of the request {@code ctx} to {@code /h/{endpoint}}.
   *
   * @param forwarded whether SMS forwarded it, so that its {@link Forwarded} headers describe the
   *     client (and the request's own {@code Authorization} is SMS's, never passed on)
   * @param passCredentials whether the guest sees {@link #CREDENTIALS}; an {@code Authorization}
   *     whose token let the request in (a caller is named) never
   * @param bodyLength the request body's length
   */
  static Map<String, String> of(
      Context ctx, String endpoint, boolean forwarded, boolean passCredentials, int bodyLength) {
    boolean tokenAdmitted = AuthGuard.caller(ctx).isPresent();
    Map<String, String> env = new LinkedHashMap<>();
    String rawPathInfo = TriggerRoutes.rawPathInfo(ctx);
    String query = ctx.queryString() == null ? "" : ctx.queryString();
    String host = forwarded ? header(ctx, Forwarded.HOST) : header(ctx, "Host");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_SOFTWARE", "spear");
    env.put("REQUEST_METHOD", ctx.method().name());
    env.put("SCRIPT_NAME", TriggerRoutes.PREFIX + endpoint);
    env.put("PATH_INFO", decode(rawPathInfo));
    env.put("X_RAW_PATH_INFO", rawPathInfo);
    env.put("X_MATCHED_ROUTE", TriggerRoutes.PREFIX + endpoint + "/...");
    env.put("QUERY_STRING", query);
    env.put("CONTENT_TYPE", header(ctx, "Content-Type"));
    env.put("CONTENT_LENGTH", Integer.toString(bodyLength));
    env.put("SERVER_NAME", serverName(host, ctx));
    env.put("SERVER_PORT", serverPort(host, ctx));
    env.put(
        "SERVER_PROTOCOL", forwarded ? header(ctx, Forwarded.PROTOCOL) : ctx.req().getProtocol());
    String remote = forwarded ? header(ctx, Forwarded.REMOTE_ADDR) : ctx.req().getRemoteAddr();
    env.put("REMOTE_ADDR", remote);
    env.put("REMOTE_HOST", remote);
    env.put(
        "X_FULL_URL",
        ctx.scheme() + "://" + host + ctx.path() + (query.isEmpty() ? "" : "?" + query));
    headers(ctx, forwarded || tokenAdmitted, passCredentials, host, env);
    String clientAuthorization = ctx.header(Forwarded.AUTHORIZATION);
    if (forwarded && passCredentials && clientAuthorization != null) {
      env.put("HTTP_AUTHORIZATION", clientAuthorization);
    }
    return env;
  }

  /**
   * The {@code HTTP_*} variables.
   *
   * @param ownAuthorization whether the request's {@code Authorization} is Spear's (SMS's secret,
   *     or the token that admitted the caller), never the guest's
   */
  private static void headers(
      Context ctx,
      boolean ownAuthorization,
      boolean passCredentials,
      String host,
      Map<String, String> env) {
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean skip =
          HopByHop.is(lower)
              || Forwarded.isSpearHeader(lower)
              || lower.equals("content-type")
              || (CREDENTIALS.contains(lower) && !passCredentials)
              || (ownAuthorization && lower.equals("authorization"))
              || !HEADER_NAME.matcher(name).matches();
      if (!skip) {
        env.put(variable(name), String.join(", ", Collections.list(ctx.req().getHeaders(name))));
      }
    }
    env.put("HTTP_HOST", host);
  }

  private static String variable(String header) {
    return "HTTP_" + header.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static String header(Context ctx, String name) {
    String value = ctx.header(name);
    return value == null ? "" : value;
  }

  private static String serverName(String host, Context ctx) {
    if (host.isEmpty()) {
      return ctx.req().getServerName();
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String serverPort(String host, Context ctx) {
    int close = host.lastIndexOf(']');
    int colon = host.lastIndexOf(':');
    if (colon > close && colon < host.length() - 1) {
      return host.substring(colon + 1);
    }
    if (host.isEmpty()) {
      return Integer.toString(ctx.req().getServerPort());
    }
    return "https".equals(ctx.scheme()) ? "443" : "80";
  }

  /** Percent-decoding of a path ('+' stays '+'); a broken escape is kept as written. */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int hi = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
      int lo = i + 2 < bytes.length ? Character.digit(bytes[i + 2], 16) : -1;
      if (bytes[i] == '%' && hi >= 0 && lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
