package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SmsRoutingTest {

  @TempDir Path dataDir;

  @Test
  void aPinnedTaskRunsOnlyOnItsNodeAndIsUnavailableWhenThatNodeIsGone() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      platform.addSpearlet();
      SpearletServer pinned = platform.addSpearlet();
      String node = pinned.nodeUuid().orElseThrow();
      String fileId = platform.upload("echo_upper.c.wasm");
      String taskId =
          platform
              .smsHttp
              .postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"p\", \"node_uuid\": \"%s\", \"executable\": {\"type\": \"wasm\","
                          .formatted(node)
                      + " \"uri\": \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();

      for (int i = 0; i < 6; i++) {
        Answer answer = invoke(platform, taskId, "p" + i);
        assertThat(answer.text()).isEqualTo("P" + i);
        assertThat(answer.header("X-Spear-Node")).isEqualTo(node);
      }

      pinned.close();
      platform.spearlets.remove(pinned);
      Answer gone = invoke(platform, taskId, "x");
      assertThat(gone.status()).isEqualTo(503);
      assertThat(gone.json().get("error").asText()).isEqualTo("NO_NODE_AVAILABLE");
    }
  }

  @Test
  void withNoOnlineNodeInvocationsAreUnavailable() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      String taskId =
          platform.registerSeedTask(
              platform.upload("echo_upper.c.wasm"), java.util.List.of(), Map.of());

      Answer raw = invoke(platform, taskId, "x");
      Answer json =
          platform.smsHttp.postJson("/api/v1/invocations", "{\"task_id\": \"" + taskId + "\"}");

      assertThat(raw.status()).isEqualTo(503);
      assertThat(raw.json().get("error").asText()).isEqualTo("NO_NODE_AVAILABLE");
      assertThat(json.status()).isEqualTo(503);
    }
  }

  @Test
  void aFullNodeIsSkippedForAnotherOne() throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      // The tiny node never heartbeats again, so SMS believes it idle and tries it first half the
      // time: only its 429 can send those invocations elsewhere.
      SpearletServer tiny =
          platform.addSpearlet(
              b ->
                  b.maxInFlight(1)
                      .queueCapacity(0)
                      .heartbeatInterval(java.time.Duration.ofMinutes(10)));
      SpearletServer roomy = platform.addSpearlet();
      // A guest that computes (a sleeping one would give its slot back) until cancelled, so the
      // tiny node stays full however slowly this machine runs the invocations below.
      String spinner = platform.deploy("infinite_loop.wat.wasm");
      String echo = platform.deploy("echo_upper.c.wasm");
      HttpTestClient tinyNode = new HttpTestClient(tiny.port());
      String busy =
          tinyNode
              .postJson(
                  "/functions/execute",
                  "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(spinner))
              .json()
              .get("execution_id")
              .asText();
      eventually(() -> assertThat(tinyNode.get("/health").json().get("in_flight").asInt()).isOne());

      for (int i = 0; i < 6; i++) {
        Answer answer = invoke(platform, echo, "s" + i);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.header("X-Spear-Node")).isEqualTo(roomy.nodeUuid().orElseThrow());
      }
      tinyNode.postJson("/functions/executions/" + busy + "/cancel", "{}");
      double rejected =
          io.spear.testing.PrometheusText.parse(
                  new io.spear.testing.HttpTestClient(tiny.port()).get("/metrics").text())
              .get("spear_invocations_rejected_total");
      assertThat(rejected).isPositive();
    }
  }

  @Test
  void aNodeThatServedManyInvocationsGetsItsShareOnceTheyEnded() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      // Neither node heartbeats again: their reported load stays 0, so only what SMS itself counts
      // as being forwarded can tell them apart.
      SpearletServer busy =
          platform.addSpearlet(b -> b.heartbeatInterval(java.time.Duration.ofMinutes(10)));
      SpearletServer other =
          platform.addSpearlet(b -> b.heartbeatInterval(java.time.Duration.ofMinutes(10)));
      String fileId = platform.upload("echo_upper.c.wasm");
      String pinned =
          platform
              .smsHttp
              .postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"pinned\", \"node_uuid\": \"%s\", \"executable\": {\"type\":"
                          .formatted(busy.nodeUuid().orElseThrow())
                      + " \"wasm\", \"uri\": \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();
      String free = platform.registerSeedTask(fileId, List.of(), Map.of());
      for (int i = 0; i < 300; i++) {
        assertThat(invoke(platform, pinned, "p").status()).isEqualTo(200);
      }

      Map<String, Integer> servedBy = new HashMap<>();
      for (int i = 0; i < 40; i++) {
        Answer answer = invoke(platform, free, "f");
        assertThat(answer.status()).isEqualTo(200);
        servedBy.merge(answer.header("X-Spear-Node"), 1, Integer::sum);
      }

      // Idle nodes take turns; a node whose earlier invocations all ended is idle again.
      assertThat(servedBy.getOrDefault(busy.nodeUuid().orElseThrow(), 0)).isEqualTo(20);
      assertThat(servedBy.getOrDefault(other.nodeUuid().orElseThrow(), 0)).isEqualTo(20);
    }
  }

  private static Answer invoke(TestPlatform platform, String taskId, String input) {
    return platform.smsHttp.post(
        "/api/v1/tasks/" + taskId + "/invoke", input.getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
