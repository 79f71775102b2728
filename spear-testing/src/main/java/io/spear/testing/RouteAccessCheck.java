package io.spear.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls every route of a server over real HTTP without a token, with a wrong one, with each role's
 * token, and lists every answer that is not what the route's roles promise: 401 without a valid
 * token, 403 for a role the route does not allow, neither for one it allows (whatever the handler
 * then answers). Public routes must answer without a token.
 */
public final class RouteAccessCheck {

  /**
   * One route as the server declares it.
   *
   * @param method the HTTP method
   * @param path the path template; {@code {param}} parts are filled with a placeholder
   * @param allowed the role ids allowed (admin included); empty for a public route
   */
  public record RouteSpec(String method, String path, Set<String> allowed) {}

  private RouteAccessCheck() {}

  /**
   * Checks every route; {@code tokens} maps each role id ({@code admin}, {@code user}, ...) to a
   * valid token with that role. Answers the mismatches, empty when there is none.
   */
  public static List<String> violations(
      HttpTestClient http, List<RouteSpec> routes, Map<String, String> tokens) {
    List<String> problems = new ArrayList<>();
    for (RouteSpec route : routes) {
      String path =
          route
              .path()
              .replaceAll("\\{[^}]+}", "no-such-thing")
              .replaceAll("<[^>]+>", "no-such-thing");
      String where = route.method() + " " + route.path();
      int none = call(http, route.method(), path, Map.of());
      if (route.allowed().isEmpty()) {
        if (none == 401 || none == 403) {
          problems.add(where + " is public but answered " + none + " without a token");
        }
        continue;
      }
      if (none != 401) {
        problems.add(where + " answered " + none + " without a token, not 401");
      }
      int wrong = call(http, route.method(), path, bearer("not-a-valid-token"));
      if (wrong != 401) {
        problems.add(where + " answered " + wrong + " to a wrong token, not 401");
      }
      tokens.forEach(
          (role, token) -> {
            int status = call(http, route.method(), path, bearer(token));
            boolean allowed = route.allowed().contains(role);
            if (allowed && (status == 401 || status == 403)) {
              problems.add(where + " refused role " + role + " with " + status);
            } else if (!allowed && status != 403) {
              problems.add(where + " answered " + status + " to role " + role + ", not 403");
            }
          });
    }
    return problems;
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static int call(HttpTestClient http, String method, String path, Map<String, String> h) {
    byte[] body =
        method.equals("GET") || method.equals("DELETE")
            ? null
            : "{}".getBytes(StandardCharsets.UTF_8);
    return http.send(method, path, body, h).status();
  }
}
