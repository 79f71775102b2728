package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.testing.HttpTestClient;
import io.spear.testing.RouteAccessCheck;
import io.spear.testing.RouteAccessCheck.RouteSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthApiTest {

  @TempDir Path dir;

  /** One token per role, named after it. */
  static final Map<String, String> TOKENS = tokensByRole();

  static Map<String, String> tokensByRole() {
    Map<String, String> tokens = new LinkedHashMap<>();
    Arrays.stream(Role.values()).forEach(r -> tokens.put(r.id(), TokenRegistry.generateToken()));
    return tokens;
  }

  static TokenRegistry registry() {
    StringBuilder yaml = new StringBuilder();
    TOKENS.forEach(
        (role, token) ->
            yaml.append(
                TokenRegistry.fileEntry(role + "-1", Role.parse(role).orElseThrow(), token)));
    return TokenRegistry.parse(yaml.toString().getBytes(StandardCharsets.UTF_8), "test");
  }

  private SmsServer start(ServerSecurity security) {
    return SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
        .security(security)
        .start();
  }

  static List<RouteSpec> specs(List<Route> routes) {
    return routes.stream()
        .map(
            r ->
                new RouteSpec(
                    r.method().name(),
                    r.signature().split(" ", 2)[1],
                    r.signature().equals(RESOLVE_SECRETS)
                        ? Set.of(Role.NODE.id())
                        : r.roles().stream().map(Role::id).collect(Collectors.toSet())))
        .toList();
  }

  // Secret values go to node tokens only: the handler refuses even an admin, whom every route's
  // roles include.
  private static final String RESOLVE_SECRETS = "POST /api/v1/secrets/resolve";

  @Test
  void everyRouteRefusesMissingAndWrongTokensAndOtherRolesButAcceptsItsOwn() {
    try (SmsServer sms =
        start(ServerSecurity.withTokens(registry()).withFailuresPerMinute(1_000_000))) {
      List<String> problems =
          RouteAccessCheck.violations(new HttpTestClient(sms.port()), specs(sms.routes()), TOKENS);
      assertThat(problems).isEmpty();
    }
  }

  @Test
  void onlyHealthTheApiDocumentsAndTheTokenCheckedStreamSocketArePublic() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()))) {
      // The stream socket checks the single-use token of a session that a user opened.
      assertThat(sms.routes().stream().filter(Route::isPublic).map(Route::path))
          .containsExactlyInAnyOrder(
              "/health",
              "/openapi.yaml",
              "/openapi.json",
              "/api/openapi.json",
              "/swagger-ui",
              "/api/v1/executions/{id}/streams/ws");
    }
  }

  @Test
  void metricsArePublicOnlyWhenConfigured() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()).withPublicMetrics(true))) {
      assertThat(new HttpTestClient(sms.port()).get("/metrics").status()).isEqualTo(200);
    }
  }

  @Test
  void nodeAndMcpWritesNeedTheirRoles() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()))) {
      Map<String, Route> bySignature =
          sms.routes().stream().collect(Collectors.toMap(Route::signature, r -> r));
      assertThat(bySignature.get("POST /api/v1/nodes").roles())
          .containsExactlyInAnyOrder(Role.ADMIN, Role.NODE);
      assertThat(bySignature.get("PUT /api/v1/executions/{id}").roles())
          .containsExactlyInAnyOrder(Role.ADMIN, Role.NODE);
      assertThat(bySignature.get("POST /api/v1/mcp/servers").roles()).containsExactly(Role.ADMIN);
      assertThat(bySignature.get("DELETE /api/v1/files/{id}").roles())
          .containsExactlyInAnyOrder(Role.ADMIN, Role.USER);
      assertThat(bySignature.get("GET /api/v1/files").roles()).contains(Role.VIEWER);
    }
  }

  @Test
  void aRefusalIsOurErrorBodyAndAsksForABearerToken() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      HttpTestClient.Answer missing = http.get("/api/v1/files");
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.json().path("error").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
      HttpTestClient.Answer viewerDeletes =
          http.send(
              "DELETE",
              "/api/v1/files/x",
              null,
              Map.of("Authorization", "Bearer " + TOKENS.get("viewer")));
      assertThat(viewerDeletes.status()).isEqualTo(403);
      assertThat(viewerDeletes.json().path("error").asText()).isEqualTo("PERMISSION_DENIED");
      assertThat(viewerDeletes.json().path("message").asText()).contains("viewer");
    }
  }

  @Test
  void aClientThatKeepsFailingIsThrottledButAValidTokenNeverIs() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()).withFailuresPerMinute(3))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      Map<String, String> wrong = Map.of("Authorization", "Bearer guess");
      for (int i = 0; i < 3; i++) {
        assertThat(http.get("/api/v1/files", wrong).status()).isEqualTo(401);
      }
      HttpTestClient.Answer throttled = http.get("/api/v1/files", wrong);
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isNotBlank();
      assertThat(throttled.json().path("error").asText()).isEqualTo("RESOURCE_EXHAUSTED");
      // Issue 20: whoever shares the failing client's address (a NAT, a load balancer) gets in.
      assertThat(
              http.get("/api/v1/files", Map.of("Authorization", "Bearer " + TOKENS.get("admin")))
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void failedAuthenticationsShowInMetrics() {
    try (SmsServer sms = start(ServerSecurity.withTokens(registry()))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      http.get("/api/v1/files");
      http.get("/api/v1/files", Map.of("Authorization", "Bearer guess"));
      String metrics =
          http.get("/metrics", Map.of("Authorization", "Bearer " + TOKENS.get("viewer"))).text();
      assertThat(metrics)
          .contains("spear_auth_failures_total{reason=\"missing\"} 1.0")
          .contains("spear_auth_failures_total{reason=\"invalid\"} 1.0");
    }
  }

  @Test
  void listeningBeyondLoopbackWithoutTokensRefusesToStartUnlessInsecure() {
    SmsConfig everywhere =
        SmsConfig.defaults().withHost("0.0.0.0").withPort(0).withDataDir(dir.resolve("data"));
    assertThatThrownBy(() -> SmsServer.builder(everywhere).security(ServerSecurity.none()).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without authentication")
        .hasMessageContaining("--token-file")
        .hasMessageContaining("--insecure");
    try (SmsServer sms =
        SmsServer.builder(everywhere)
            .security(ServerSecurity.none().withAllowInsecure(true))
            .start()) {
      assertThat(new HttpTestClient(sms.port()).get("/api/v1/files").status()).isEqualTo(200);
    }
    try (SmsServer sms =
        SmsServer.builder(everywhere).security(ServerSecurity.withTokens(registry())).start()) {
      assertThat(new HttpTestClient(sms.port()).get("/api/v1/files").status()).isEqualTo(401);
    }
  }

  @Test
  void nodeAddressesAreAHostOrAnIpAndNothingElse() {
    try (SmsServer sms = start(ServerSecurity.none())) {
      HttpTestClient http = new HttpTestClient(sms.port());
      for (String bad :
          List.of("127.0.0.1:18099/#", "evil.example/x", "http://10.0.0.1", "a b", "user@host")) {
        HttpTestClient.Answer answer = http.postJson("/api/v1/nodes", register(bad));
        assertThat(answer.status()).as(bad).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).contains("ip_address");
      }
      for (String good : List.of("10.0.0.7", "node-1.example.internal", "localhost", "::1")) {
        assertThat(http.postJson("/api/v1/nodes", register(good)).status()).as(good).isEqualTo(201);
      }
      String uuid =
          http.postJson("/api/v1/nodes", register("10.0.0.8")).json().path("node_uuid").asText();
      assertThat(
              http.send(
                      "PUT",
                      "/api/v1/nodes/" + uuid,
                      "{\"ip_address\": \"10.0.0.8:80/x\"}".getBytes(StandardCharsets.UTF_8),
                      Map.of("Content-Type", "application/json"))
                  .status())
          .isEqualTo(400);
    }
  }

  @Test
  void aNodeTokenActsOnlyOnTheNodesItRegistered() {
    String tokenA = TokenRegistry.generateToken();
    String tokenB = TokenRegistry.generateToken();
    TokenRegistry tokens =
        registry().with("node-a", Role.NODE, tokenA).with("node-b", Role.NODE, tokenB);
    try (SmsServer sms = start(ServerSecurity.withTokens(tokens))) {
      HttpTestClient http = new HttpTestClient(sms.port());
      Map<String, String> a = Map.of("Authorization", "Bearer " + tokenA);
      Map<String, String> b = Map.of("Authorization", "Bearer " + tokenB);
      String forged =
          "{\"ip_address\": \"10.0.0.1\", \"port\": 1, \"http_port\": 1,"
              + " \"metadata\": {\"registered_by\": \"node-b\"}}";
      HttpTestClient.Answer registered =
          http.send("POST", "/api/v1/nodes", forged.getBytes(StandardCharsets.UTF_8), a);
      assertThat(registered.status()).isEqualTo(201);
      String uuid = registered.json().path("node_uuid").asText();
      String heartbeat = "/api/v1/nodes/" + uuid + "/heartbeat";
      byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);

      assertThat(http.send("POST", heartbeat, empty, b).status()).isEqualTo(403);
      assertThat(http.send("DELETE", "/api/v1/nodes/" + uuid, null, b).status()).isEqualTo(403);
      assertThat(
              http.send(
                      "PUT",
                      "/api/v1/nodes/" + uuid,
                      "{\"metadata\": {\"registered_by\": \"node-b\"}}"
                          .getBytes(StandardCharsets.UTF_8),
                      b)
                  .status())
          .isEqualTo(403);
      assertThat(http.send("POST", heartbeat, empty, a).status()).isEqualTo(200);
      // The owner cannot hand its node over either: the owner key is kept.
      http.send(
          "PUT",
          "/api/v1/nodes/" + uuid,
          "{\"metadata\": {\"registered_by\": \"node-b\"}}".getBytes(StandardCharsets.UTF_8),
          a);
      assertThat(http.send("POST", heartbeat, empty, b).status()).isEqualTo(403);
      assertThat(
              http.get("/api/v1/nodes/" + uuid, a)
                  .json()
                  .path("node")
                  .path("metadata")
                  .path("registered_by")
                  .asText())
          .isEqualTo("node-a");
      assertThat(http.send("DELETE", "/api/v1/nodes/" + uuid, null, a).status()).isEqualTo(200);
    }
  }

  private static String register(String ip) {
    return "{\"ip_address\": \"%s\", \"port\": 1, \"http_port\": 1}".formatted(ip);
  }
}
