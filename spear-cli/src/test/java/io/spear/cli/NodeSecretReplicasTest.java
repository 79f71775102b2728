package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.spearlet.SpearletServer;
import io.spear.spearlet.node.NodeIdentity;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tokens on and two SMS replicas on PostgreSQL, the secret a node got when it registered
 * through one replica is what the other presents to it; a node that restarts gets a new one, and a
 * replica that restarts forwards with the stored one.
 */
class NodeSecretReplicasTest {

  private static final String NODE = "0c0c0c0c-0000-4000-8000-00000000000c";

  @TempDir Path dir;

  private final String user = TokenRegistry.generateToken();
  private final String admin = TokenRegistry.generateToken();
  private final String nodeToken = TokenRegistry.generateToken();

  @Test
  @Timeout(120)
  void aNodeRegisteredThroughOneReplicaServesTheOtherAcrossNodeAndReplicaRestarts()
      throws IOException {
    Path tokenFile = dir.resolve("tokens.yaml");
    Files.writeString(
        tokenFile,
        "- {name: node-c, role: node, node: %s, token_sha256: %s}\n"
                .formatted(NODE, TokenRegistry.sha256Hex(nodeToken))
            + TokenRegistry.fileEntry("alice", Role.USER, user)
            + TokenRegistry.fileEntry("ops", Role.ADMIN, admin));
    ServerSecurity smsSecurity =
        ServerSecurity.withTokens(TokenRegistry.read(tokenFile)).withFailuresPerMinute(1_000_000);
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir.resolve("unused"))
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    SmsServer a = SmsServer.builder(config).security(smsSecurity).start();
    try (SmsServer b = SmsServer.builder(config).security(smsSecurity).start()) {
      HttpTestClient httpB = new HttpTestClient(b.port());
      String taskId = echoTask(httpB);
      SpearletServer node = startNode(a.httpAddr() + "," + b.httpAddr());
      try {
        assertThat(node.nodeUuid()).contains(NODE);
        eventually(
            () -> assertThat(invoke(httpB, taskId, "through b").text()).isEqualTo("THROUGH B"));

        // The node restarts: it registers again (through A) and gets a new secret, which B uses.
        node.close();
        node = startNode(a.httpAddr() + "," + b.httpAddr());
        eventually(() -> assertThat(invoke(httpB, taskId, "again").text()).isEqualTo("AGAIN"));

        // A replica restarts: it forwards with the secret stored when the node registered.
        a.close();
        a = SmsServer.builder(config).security(smsSecurity).start();
        HttpTestClient httpA = new HttpTestClient(a.port());
        eventually(
            () -> {
              Answer answer = invoke(httpA, taskId, "new a");
              assertThat(answer.status()).as(answer.text()).isEqualTo(200);
              assertThat(answer.text()).isEqualTo("NEW A");
            });
      } finally {
        node.close();
      }
    } finally {
      a.close();
    }
  }

  private SpearletServer startNode(String smsAddresses) {
    SpearletServer node =
        SpearletServer.builder(
                RuntimeConfig.of(
                    SpearletConfig.defaults().toBuilder()
                        .smsHttpAddr(smsAddresses)
                        .bindHost("127.0.0.1")
                        .httpPort(0)
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build()))
            .security(
                ServerSecurity.withTokens(TokenRegistry.empty().with("ops", Role.ADMIN, admin))
                    .withOutboundToken(Optional.of(nodeToken)))
            .identity(NodeIdentity.storedIn(dir.resolve("node")))
            .start();
    eventually(() -> assertThat(node.nodeUuid()).isPresent());
    return node;
  }

  private String echoTask(HttpTestClient http) {
    String fileId =
        http.post(
                "/api/v1/files",
                Corpus.bytes("echo_upper.c.wasm"),
                Map.of("X-File-Name", "echo.wasm", "Authorization", "Bearer " + user))
            .json()
            .get("id")
            .asText();
    return http.send(
            "POST",
            "/api/v1/tasks",
            ("{\"name\": \"echo\", \"node_uuid\": \"%s\", \"executable\": {\"type\": \"wasm\","
                    + " \"uri\": \"sms+file://%s\"}}")
                .formatted(NODE, fileId)
                .getBytes(StandardCharsets.UTF_8),
            Map.of("Authorization", "Bearer " + user))
        .json()
        .get("task_id")
        .asText();
  }

  private Answer invoke(HttpTestClient http, String taskId, String input) {
    return http.send(
        "POST",
        "/api/v1/tasks/" + taskId + "/invoke",
        input.getBytes(StandardCharsets.UTF_8),
        Map.of("Authorization", "Bearer " + user));
  }
}
