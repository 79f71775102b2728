package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two Spearlets against one SMS: spreading, surviving a killed node, and marking it offline. */
class ClusterTest {

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void invocationsSpreadOverBothNodesAndSurviveOneBeingKilled() throws Exception {
    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dir.resolve("data"))
                    .withNodeHeartbeatTimeout(Duration.ofMillis(1500)));
        SpearletServer local =
            SpearletServer.start(
                SpearletConfig.defaults().toBuilder()
                    .smsHttpAddr(sms.httpAddr())
                    .bindHost("127.0.0.1")
                    .httpPort(0)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build())) {
      int remotePort = SpearProcess.freePort();
      SpearProcess remote =
          SpearProcess.start(
              dir.resolve("spearlet.log"),
              "spearlet",
              "--sms",
              sms.httpAddr(),
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(remotePort),
              "--heartbeat-interval",
              "200ms");
      try {
        remote.awaitHealthy(remotePort);
        HttpTestClient http = new HttpTestClient(sms.port());
        awaitOnlineNodes(http, 2);
        String fileId =
            http.post("/api/v1/files", Corpus.bytes("echo_upper.c.wasm"), Map.of())
                .json()
                .get("id")
                .asText();
        String taskId =
            http.postJson(
                    "/api/v1/tasks",
                    "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\","
                        + " \"uri\": \"sms+file://"
                        + fileId
                        + "\"}}")
                .json()
                .get("task_id")
                .asText();

        Set<String> nodesUsed = new HashSet<>();
        for (int i = 0; i < 20; i++) {
          Answer answer = invoke(http, taskId, "spread " + i);
          assertThat(answer.text()).isEqualTo("SPREAD " + i);
          nodesUsed.add(answer.header("X-Spear-Node"));
        }
        assertThat(nodesUsed).hasSize(2);

        String remoteUuid =
            nodesUsed.stream()
                .filter(n -> !n.equals(local.nodeUuid().orElseThrow()))
                .findFirst()
                .orElseThrow();
        remote.kill();

        for (int i = 0; i < 20; i++) {
          Answer answer = invoke(http, taskId, "after " + i);
          assertThat(answer.status()).as(answer.text()).isEqualTo(200);
          assertThat(answer.text()).isEqualTo("AFTER " + i);
          assertThat(answer.header("X-Spear-Node")).isEqualTo(local.nodeUuid().orElseThrow());
        }

        eventually(
            () ->
                assertThat(
                        http.get("/api/v1/nodes/" + remoteUuid)
                            .json()
                            .get("node")
                            .get("status")
                            .asText())
                    .isEqualTo("offline"));
        assertThat(
                http.get("/api/v1/nodes/" + local.nodeUuid().orElseThrow())
                    .json()
                    .get("node")
                    .get("status")
                    .asText())
            .isEqualTo("online");
      } finally {
        remote.close();
      }
    }
  }

  private static Answer invoke(HttpTestClient http, String taskId, String input) {
    return http.post(
        "/api/v1/tasks/" + taskId + "/invoke", input.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static void awaitOnlineNodes(HttpTestClient http, int count) {
    eventually(
        () ->
            assertThat(http.get("/api/v1/nodes?status=online").json().get("total_count").asInt())
                .isGreaterThanOrEqualTo(count));
  }
}
