package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.sms.secret.SecretsKey;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what with secrets, attacked with a token per role: only an admin writes them; names
 * are listed to readers but nodes; values go only to a node token, for a task it may run on a node
 * it registered — never to an admin, a user, a viewer, or another node.
 */
class SecretAccessAttackTest {

  private static final String VALUE = "ghp_attack-test-value-0042";

  @TempDir Path dir;

  private final String admin = TokenRegistry.generateToken();
  private final String user = TokenRegistry.generateToken();
  private final String viewer = TokenRegistry.generateToken();
  private final String nodeA = TokenRegistry.generateToken();
  private final String nodeB = TokenRegistry.generateToken();
  private SmsServer sms;
  private HttpTestClient http;

  @BeforeEach
  void start() {
    TokenRegistry tokens =
        TokenRegistry.empty()
            .with("ops", Role.ADMIN, admin)
            .with("alice", Role.USER, user)
            .with("grafana", Role.VIEWER, viewer)
            .with("node-a", Role.NODE, nodeA)
            .with("node-b", Role.NODE, nodeB);
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(ServerSecurity.withTokens(tokens).withFailuresPerMinute(1_000_000))
            .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
            .start();
    http = new HttpTestClient(sms.port());
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  @Test
  void onlyAnAdminCreatesOrDeletesASecret() {
    String body = "{\"name\":\"GH\",\"value\":\"" + VALUE + "\"}";
    for (String token : new String[] {user, viewer, nodeA}) {
      assertThat(send("POST", "/api/v1/secrets", body, token).status()).isEqualTo(403);
    }
    assertThat(send("POST", "/api/v1/secrets", body, admin).status()).isEqualTo(201);
    for (String token : new String[] {user, viewer, nodeA}) {
      assertThat(send("DELETE", "/api/v1/secrets/GH", null, token).status()).isEqualTo(403);
    }
    assertThat(send("GET", "/api/v1/secrets", null, nodeA).status()).isEqualTo(403);
    for (String token : new String[] {admin, user, viewer}) {
      Answer list = send("GET", "/api/v1/secrets", null, token);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.text()).contains("GH").doesNotContain(VALUE);
    }
    assertThat(send("DELETE", "/api/v1/secrets/GH", null, admin).status()).isEqualTo(200);
  }

  @Test
  void noTokenButTheNodesOwnReceivesAValueAndOnlyForATaskItMayRun() {
    send("POST", "/api/v1/secrets", "{\"name\":\"GH\",\"value\":\"" + VALUE + "\"}", admin);
    String nodeOfA = registerNode(nodeA);
    String nodeOfB = registerNode(nodeB);
    String task = registerTask("");
    String pinnedToB = registerTask(nodeOfB);

    for (String token : new String[] {admin, user, viewer, nodeB}) {
      Answer refused = resolve(task, nodeOfA, token);
      assertThat(refused.status()).as("token of another caller").isEqualTo(403);
      assertThat(refused.text()).doesNotContain(VALUE);
    }
    Answer pinnedElsewhere = resolve(pinnedToB, nodeOfA, nodeA);
    assertThat(pinnedElsewhere.status()).isEqualTo(403);
    assertThat(pinnedElsewhere.text()).doesNotContain(VALUE);
    assertThat(resolve(task, "0f0f0f0f-0000-4000-8000-00000000000f", nodeA).status())
        .isEqualTo(404);

    Answer granted = resolve(task, nodeOfA, nodeA);
    assertThat(granted.status()).isEqualTo(200);
    assertThat(granted.json().at("/values/GH").asText()).isEqualTo(VALUE);
  }

  private String registerNode(String token) {
    Answer node =
        send(
            "POST",
            "/api/v1/nodes",
            "{\"ip_address\":\"127.0.0.1\",\"port\":1,\"http_port\":1}",
            token);
    assertThat(node.status()).as(node.text()).isEqualTo(201);
    return node.json().get("node_uuid").asText();
  }

  private String registerTask(String node) {
    Answer file =
        http.post(
            "/api/v1/files",
            new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0},
            Map.of("Authorization", "Bearer " + user));
    Answer task =
        send(
            "POST",
            "/api/v1/tasks",
            "{\"name\":\"t\",\"node_uuid\":\""
                + node
                + "\",\"executable\":{\"type\":\"wasm\",\"uri\":\"sms+file://"
                + file.json().get("id").asText()
                + "\",\"env\":{\"GH\":\"${secret:GH}\"}}}",
            user);
    assertThat(task.status()).as(task.text()).isEqualTo(201);
    return task.json().get("task_id").asText();
  }

  private Answer resolve(String task, String node, String token) {
    return send(
        "POST",
        "/api/v1/secrets/resolve",
        "{\"task_id\":\"" + task + "\",\"node_uuid\":\"" + node + "\"}",
        token);
  }

  private Answer send(String method, String path, String body, String token) {
    return http.send(
        method,
        path,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));
  }
}
