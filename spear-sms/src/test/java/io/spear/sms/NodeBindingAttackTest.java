package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node token bound to a node in the token file ({@code node: <uuid>}) registers, heartbeats,
 * updates and removes that node only, and no other node token may register it.
 */
class NodeBindingAttackTest {

  private static final String NODE_A = "0a0a0a0a-0000-4000-8000-00000000000a";
  private static final String NODE_B = "0b0b0b0b-0000-4000-8000-00000000000b";

  @TempDir Path dir;

  private final String boundToA = TokenRegistry.generateToken();
  private final String unbound = TokenRegistry.generateToken();
  private final String admin = TokenRegistry.generateToken();
  private final String viewer = TokenRegistry.generateToken();
  private SmsServer sms;
  private HttpTestClient http;

  @BeforeEach
  void start() throws IOException {
    Path tokenFile = dir.resolve("tokens.yaml");
    Files.writeString(
        tokenFile,
        "- {name: node-a, role: node, node: %s, token_sha256: %s}\n"
                .formatted(NODE_A, TokenRegistry.sha256Hex(boundToA))
            + TokenRegistry.fileEntry("node-x", Role.NODE, unbound)
            + TokenRegistry.fileEntry("ops", Role.ADMIN, admin)
            + TokenRegistry.fileEntry("grafana", Role.VIEWER, viewer));
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(
                ServerSecurity.withTokens(TokenRegistry.read(tokenFile))
                    .withFailuresPerMinute(1_000_000))
            .start();
    http = new HttpTestClient(sms.port());
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  @Test
  void aNodeTokenBoundToNodeACannotRegisterOrHeartbeatAsNodeB() {
    assertThat(register(boundToA, NODE_B).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/nodes/" + NODE_B, as(admin)).status()).isEqualTo(404);

    // Even once B exists (an admin registered it), A's token may not act as B.
    assertThat(register(admin, NODE_B).status()).isEqualTo(201);
    assertThat(send("POST", "/api/v1/nodes/" + NODE_B + "/heartbeat", "{}", boundToA).status())
        .isEqualTo(403);
    assertThat(
            send("PUT", "/api/v1/nodes/" + NODE_B, "{\"status\": \"offline\"}", boundToA).status())
        .isEqualTo(403);
    assertThat(
            send("POST", "/api/v1/nodes/" + NODE_B + "/reconcile", "{\"executions\": []}", boundToA)
                .status())
        .isEqualTo(403);
    assertThat(send("DELETE", "/api/v1/nodes/" + NODE_B, null, boundToA).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/nodes/" + NODE_B, as(admin)).status()).isEqualTo(200);
  }

  @Test
  void anUnboundNodeTokenCannotRegisterANodeBoundToAnotherToken() {
    assertThat(register(unbound, NODE_A).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/nodes/" + NODE_A, as(admin)).status()).isEqualTo(404);
    // It still registers nodes of its own, as before bindings existed.
    assertThat(register(unbound, NODE_B).status()).isEqualTo(201);
    assertThat(send("POST", "/api/v1/nodes/" + NODE_B + "/heartbeat", "{}", unbound).status())
        .isEqualTo(200);
  }

  @Test
  void aBoundTokenRegistersAsItsNodeWithoutNamingItAndActsAsItWhoeverRegisteredIt() {
    assertThat(register(admin, NODE_A).status()).isEqualTo(201);
    Answer registered = register(boundToA, null);
    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.json().path("node_uuid").asText()).isEqualTo(NODE_A);
    assertThat(send("POST", "/api/v1/nodes/" + NODE_A + "/heartbeat", "{}", boundToA).status())
        .isEqualTo(200);
  }

  @Test
  void eachRegistrationGetsANewSecretThatNoAnswerOrMetricShows() {
    String first = register(boundToA, null).json().path("forwarding_secret").asText();
    String second = register(boundToA, NODE_A).json().path("forwarding_secret").asText();
    assertThat(first).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second);
    assertThat(second).hasSizeGreaterThanOrEqualTo(43);

    for (String path :
        new String[] {
          "/api/v1/nodes", "/api/v1/nodes/" + NODE_A, "/api/v1/backends", "/metrics", "/health"
        }) {
      for (String token : new String[] {viewer, admin, boundToA}) {
        String answer = http.get(path, as(token)).text();
        assertThat(answer).as(path).doesNotContain(first).doesNotContain(second);
      }
    }
    // The secret is no bearer token on SMS.
    assertThat(http.get("/api/v1/nodes", as(second)).status()).isEqualTo(401);
  }

  private Answer register(String token, String uuid) {
    String body =
        "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1"
            + (uuid == null ? "" : ", \"node_uuid\": \"" + uuid + "\"")
            + "}";
    return send("POST", "/api/v1/nodes", body, token);
  }

  private Answer send(String method, String path, String body, String token) {
    return http.send(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), as(token));
  }

  private static Map<String, String> as(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
