package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.client.SmsClient;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.runtime.RuntimeConfig;
import io.spear.spearlet.node.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node keeps its uuid in its data directory and, back from a crash, settles its executions. */
@Timeout(120)
class NodeIdentityTest {

  @TempDir Path smsDir;
  @TempDir Path nodeDir;

  @Test
  void aNodeStoresTheUuidItWasGivenAndRegistersUnderItAtItsNextStart() throws Exception {
    try (TestPlatform platform = TestPlatform.start(smsDir)) {
      String first;
      try (SpearletServer node = start(platform)) {
        first = awaitUuid(node);
        assertThat(Files.readString(nodeDir.resolve(NodeIdentity.FILE_NAME)).trim())
            .isEqualTo(first);
      }
      try (SpearletServer again = start(platform)) {
        assertThat(awaitUuid(again)).isEqualTo(first);
        JsonNode nodes = platform.smsHttp.get("/api/v1/nodes").json();
        assertThat(nodes.get("total_count").asInt()).isEqualTo(1);
        assertThat(nodes.get("nodes").get(0).get("http_port").asInt()).isEqualTo(again.port());
      }
    }
  }

  @Test
  void aNodeBackFromACrashComesBackAsItselfAndSmsEndsTheExecutionsItLostAtOnce() throws Exception {
    try (TestPlatform platform = TestPlatform.start(smsDir)) {
      // The node's life before the crash: registered, and SMS holds two unfinished executions of
      // it (as its reporter had sent them) when it died without deregistering.
      String uuid = UUID.randomUUID().toString();
      platform.smsHttp.postJson(
          "/api/v1/nodes",
          "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1, \"node_uuid\": \"%s\"}"
              .formatted(uuid));
      Files.writeString(nodeDir.resolve(NodeIdentity.FILE_NAME), uuid + "\n");
      SmsClient sms = new SmsClient(platform.sms.httpAddr());
      long now = System.currentTimeMillis();
      sms.reportExecution(
          ExecutionRecord.accepted("lost-1", "", "t", uuid, "", ExecutionMode.ASYNC, now));
      sms.reportExecution(
          ExecutionRecord.accepted("lost-2", "", "t", uuid, "", ExecutionMode.ASYNC, now)
              .running("i", true, now));
      sms.reportExecution(
          ExecutionRecord.accepted("other-node", "", "t", "", "", ExecutionMode.ASYNC, now));

      try (SpearletServer node = start(platform)) {
        assertThat(awaitUuid(node)).isEqualTo(uuid);
        for (String lost : new String[] {"lost-1", "lost-2"}) {
          eventually(
              () -> {
                JsonNode record = platform.smsHttp.get("/api/v1/executions/" + lost).json();
                assertThat(record.get("status").asText()).isEqualTo("failed");
                assertThat(record.get("error").asText()).isEqualTo("NODE_LOST");
                assertThat(record.get("message").asText()).contains("restarted");
              });
        }
        assertThat(
                platform.smsHttp.get("/api/v1/executions/other-node").json().get("status").asText())
            .isEqualTo("pending");
        JsonNode nodes = platform.smsHttp.get("/api/v1/nodes").json();
        assertThat(nodes.get("total_count").asInt()).isEqualTo(1);
        assertThat(nodes.get("nodes").get(0).get("status").asText()).isEqualTo("online");
      }
    }
  }

  @Test
  void aNodeTellsSmsTheExecutionsItStillRunsAndSmsLeavesThemAlone() throws Exception {
    try (TestPlatform platform = TestPlatform.start(smsDir);
        SpearletServer node = start(platform)) {
      String uuid = awaitUuid(node);
      String task = platform.deploy("log_then_sleep.c.wasm", "60000");
      String executionId =
          new io.spear.testing.HttpTestClient(node.port())
              .postJson(
                  "/functions/execute",
                  "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(task))
              .json()
              .get("execution_id")
              .asText();
      eventually(
          () ->
              assertThat(platform.smsHttp.get("/api/v1/executions/" + executionId).status())
                  .isEqualTo(200));

      // What the agent sends after a re-registration (SMS forgot the node, say).
      JsonNode answer =
          platform
              .smsHttp
              .postJson(
                  "/api/v1/nodes/" + uuid + "/reconcile",
                  "{\"executions\": [\"%s\"]}".formatted(executionId))
              .json();

      assertThat(answer.get("ended")).isEmpty();
      assertThat(
              platform
                  .smsHttp
                  .get("/api/v1/executions/" + executionId)
                  .json()
                  .get("status")
                  .asText())
          .isIn("pending", "running");
    }
  }

  private SpearletServer start(TestPlatform platform) {
    return SpearletServer.builder(RuntimeConfig.of(platform.nodeConfig()))
        .ticker(platform.ticker)
        .identity(NodeIdentity.storedIn(nodeDir))
        .start();
  }

  private static String awaitUuid(SpearletServer node) {
    eventually(() -> assertThat(node.nodeUuid()).isPresent());
    return node.nodeUuid().orElseThrow();
  }
}
