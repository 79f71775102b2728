package io.spear.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.Route;
import io.spear.security.RoleTable.Access;
import io.spear.testing.HttpTestClient;
import io.spear.testing.OpenApiOperations;
import io.spear.testing.RouteAccessCheck;
import io.spear.testing.RouteAccessCheck.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of both servers' OpenAPI documents, called with no token, a wrong token and each
 * role's token (WebSocket operations also as real handshakes), answers exactly what {@link
 * RoleTable} declares.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class RoleRouteMatrixTest {

  private SecuredPlatform platform;

  @BeforeAll
  void start(@TempDir Path dir) {
    platform = SecuredPlatform.start(dir);
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  private static JsonNode document(HttpTestClient http) {
    return http.get("/openapi.json").json();
  }

  @Test
  void everyDocumentedOperationHasOneDeclaredExpectationAndIsWhatTheServerServes() {
    assertDeclaredAndServed(platform.smsHttp, RoleTable.SMS, platform.sms.routes());
    assertDeclaredAndServed(platform.spearletHttp, RoleTable.SPEARLET, platform.spearlet.routes());
  }

  private static void assertDeclaredAndServed(
      HttpTestClient http, Map<String, Access> table, List<Route> served) {
    Set<String> documented = new TreeSet<>(OpenApiOperations.of(document(http)));
    assertThat(documented)
        .as("operations documented without an expectation in RoleTable, or the reverse")
        .containsExactlyInAnyOrderElementsOf(table.keySet());
    Set<String> serving = new TreeSet<>();
    served.forEach(route -> serving.add(route.signature()));
    assertThat(serving)
        .as("routes served but not documented, or the reverse")
        .containsExactlyInAnyOrderElementsOf(documented);
    Set<String> upgrades = webSocketOperations(document(http));
    table.forEach(
        (operation, access) ->
            assertThat(access.webSocket())
                .as(operation + " is a WebSocket in the document iff the table says so")
                .isEqualTo(upgrades.contains(operation)));
  }

  /** Operations whose document lists a 101 answer. */
  private static Set<String> webSocketOperations(JsonNode document) {
    Set<String> upgrades = new TreeSet<>();
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (op.getValue().path("responses").has("101")) {
                            upgrades.add(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    return upgrades;
  }

  @Test
  void everySmsOperationAnswersEachRoleNoTokenAndAWrongTokenAsTheTableSays() {
    assertThat(
            RouteAccessCheck.violations(
                platform.smsHttp,
                specs(document(platform.smsHttp), RoleTable.SMS),
                platform.tokens))
        .isEmpty();
  }

  @Test
  void everySpearletOperationAnswersEachRoleNoTokenAndAWrongTokenAsTheTableSays() {
    assertThat(
            RouteAccessCheck.violations(
                platform.spearletHttp,
                specs(document(platform.spearletHttp), RoleTable.SPEARLET),
                platform.tokens))
        .isEmpty();
  }

  /** The documented operations with the roles the table gives them. */
  private static List<RouteSpec> specs(JsonNode document, Map<String, Access> table) {
    return OpenApiOperations.of(document).stream()
        .sorted()
        .map(
            operation -> {
              String[] parts = operation.split(" ", 2);
              Access access = table.get(operation);
              assertThat(access).as("expectation for " + operation).isNotNull();
              return new RouteSpec(parts[0], parts[1], access.roles);
            })
        .toList();
  }

  @Test
  void everyWebSocketHandshakeChecksItsTokensBeforeUpgrading() {
    List<String> problems = new ArrayList<>();
    handshakes(platform.sms.port(), RoleTable.SMS, problems);
    handshakes(platform.spearlet.port(), RoleTable.SPEARLET, problems);
    assertThat(problems).isEmpty();
  }

  private void handshakes(int port, Map<String, Access> table, List<String> problems) {
    table.forEach(
        (operation, access) -> {
          if (!access.webSocket()) {
            return;
          }
          String path = operation.split(" ", 2)[1].replaceAll("\\{[^}]+}", "no-such-thing");
          expect(problems, operation, "no token", RawHttp.upgrade(port, path, Map.of()), 401);
          expect(
              problems,
              operation,
              "a wrong token",
              RawHttp.upgrade(port, path, SecuredPlatform.bearer("not-a-valid-token")),
              401);
          platform.tokens.forEach(
              (role, token) -> {
                int header = RawHttp.upgrade(port, path, SecuredPlatform.bearer(token));
                int subprotocol = RawHttp.upgrade(port, path, subprotocol(token));
                if (access == Access.SESSION_SOCKET) {
                  // A bearer token never stands in for the session's single-use token.
                  expect(problems, operation, role + " without a session token", header, 401);
                } else if (access.roles.contains(role)) {
                  expectPastAuth(problems, operation, role, header);
                  expectPastAuth(problems, operation, role + " as subprotocol", subprotocol);
                } else {
                  expect(problems, operation, role, header, 403);
                  expect(problems, operation, role + " as subprotocol", subprotocol, 403);
                }
              });
        });
  }

  /** The browser form: {@code ssf.v1, spear.bearer.<base64url of the token>}. */
  private static Map<String, String> subprotocol(String token) {
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token.getBytes(StandardCharsets.UTF_8));
    return Map.of("Sec-WebSocket-Protocol", "ssf.v1, spear.bearer." + encoded);
  }

  private static void expect(
      List<String> problems, String operation, String who, int status, int wanted) {
    if (status != wanted) {
      problems.add(
          operation + " handshake with " + who + " answered " + status + ", not " + wanted);
    }
  }

  private static void expectPastAuth(
      List<String> problems, String operation, String who, int status) {
    if (status == 401 || status == 403 || status == 429) {
      problems.add(operation + " handshake refused " + who + " with " + status);
    }
  }
}
