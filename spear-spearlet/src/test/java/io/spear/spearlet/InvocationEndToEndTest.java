package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InvocationEndToEndTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private SpearletServer spearlet;
  private HttpTestClient node;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    spearlet = platform.addSpearlet();
    node = new HttpTestClient(spearlet.port());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void seedTaskRunsSyncWithArgvAndEnvironmentFromTheTaskAndTheInvocation() throws Exception {
    String taskId =
        platform.registerSeedTask(
            platform.upload("hello.c.wasm"), List.of("a", "b c"), Map.of("GREETING", "hi"));

    Answer answer =
        node.postJson(
            "/functions/execute",
            """
            {"task_id": "%s", "mode": "sync", "environment": {"EXTRA": "1", "GREETING": "over"}}
            """
                .formatted(taskId));

    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.get("success").asBoolean()).isTrue();
    assertThat(body.get("status").asText()).isEqualTo("completed");
    assertThat(body.get("exit_code").asInt()).isZero();
    assertThat(body.get("execution_id").asText()).isNotBlank();
    assertThat(body.get("instance_id").asText()).isNotBlank();
    String stdout = new String(Base64.getDecoder().decode(body.get("output_base64").asText()));
    assertThat(stdout)
        .contains("argc=3", "argv[0]=hello.wasm", "argv[1]=a", "argv[2]=b c")
        .contains("env GREETING=over", "env EXTRA=1");
    assertThat(body.get("log").asText()).contains("hello from stderr");

    JsonNode record = awaitSmsRecord(body.get("execution_id").asText(), "completed");
    assertThat(record.get("task_id").asText()).isEqualTo(taskId);
    assertThat(record.get("node_uuid").asText()).isEqualTo(spearlet.nodeUuid().orElseThrow());
    assertThat(record.get("exit_code").asInt()).isZero();
    assertThat(record.get("log").asText()).contains("hello from stderr");
    assertThat(record.get("output_size").asLong()).isEqualTo(stdout.length());
    assertThat(
            platform
                .smsHttp
                .get("/api/v1/tasks/" + taskId + "/executions")
                .json()
                .get("total_count")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void rawInvokeOnTheSpearletAnswersTheGuestsStdout() {
    String taskId = platform.deploy("echo_upper.c.wasm");

    Answer answer = node.post("/invoke/" + taskId, bytes("hello, spear"), Map.of());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("HELLO, SPEAR");
    assertThat(answer.header("X-Spear-Exit-Code")).isEqualTo("0");
    assertThat(answer.header("X-Spear-Execution-Id")).isNotBlank();
  }

  @Test
  void invocationsThroughSmsReachTheSpearlet() {
    String taskId = platform.deploy("echo_upper.c.wasm");

    Answer raw =
        platform.smsHttp.post("/api/v1/tasks/" + taskId + "/invoke", bytes("abc"), Map.of());
    assertThat(raw.status()).as(raw.text()).isEqualTo(200);
    assertThat(raw.text()).isEqualTo("ABC");
    assertThat(raw.header("X-Spear-Node")).isEqualTo(spearlet.nodeUuid().orElseThrow());

    Answer json =
        platform.smsHttp.postJson(
            "/api/v1/invocations",
            "{\"task_id\": \"%s\", \"input_base64\": \"%s\"}"
                .formatted(taskId, Base64.getEncoder().encodeToString(bytes("xyz"))));
    assertThat(json.status()).as(json.text()).isEqualTo(200);
    assertThat(Base64.getDecoder().decode(json.json().get("output_base64").asText()))
        .isEqualTo(bytes("XYZ"));
    awaitSmsRecord(json.json().get("execution_id").asText(), "completed");
  }

  @Test
  void nonZeroExitIsAFailedExecutionWithItsCodeOutputAndLog() {
    String taskId = platform.deploy("exit_code.c.wasm", "7");

    Answer answer = node.postJson("/functions/execute", "{\"task_id\": \"" + taskId + "\"}");

    assertThat(answer.status()).isEqualTo(422);
    JsonNode body = answer.json();
    assertThat(body.get("success").asBoolean()).isFalse();
    assertThat(body.get("error").asText()).isEqualTo("EXECUTION_FAILED");
    assertThat(body.get("status").asText()).isEqualTo("failed");
    assertThat(body.get("exit_code").asInt()).isEqualTo(7);
    assertThat(body.get("log").asText()).contains("about to exit 7");
    JsonNode record = awaitSmsRecord(body.get("execution_id").asText(), "failed");
    assertThat(record.get("exit_code").asInt()).isEqualTo(7);

    Answer raw = node.post("/invoke/" + taskId, new byte[0], Map.of());
    assertThat(raw.status()).isEqualTo(422);
    assertThat(raw.json().get("exit_code").asInt()).isEqualTo(7);
  }

  @Test
  void trapIsAFailedExecutionWithTheTrapsReason() {
    String taskId = platform.deploy("trap.wat.wasm");

    JsonNode body = node.post("/invoke/" + taskId, new byte[0], Map.of()).json();

    assertThat(body.get("status").asText()).isEqualTo("failed");
    assertThat(body.path("exit_code").isMissingNode() || body.get("exit_code").isNull()).isTrue();
    assertThat(body.get("message").asText()).containsIgnoringCase("unreachable");
  }

  @Test
  void unknownTaskIsNotFoundOnTheSpearletAndOnSms() {
    String unknown = java.util.UUID.randomUUID().toString();

    Answer onNode = node.postJson("/functions/execute", "{\"task_id\": \"" + unknown + "\"}");
    assertThat(onNode.status()).isEqualTo(404);
    assertThat(onNode.json().get("error").asText()).isEqualTo("TASK_NOT_FOUND");
    assertThat(node.post("/invoke/" + unknown, new byte[0], Map.of()).status()).isEqualTo(404);
    assertThat(
            platform
                .smsHttp
                .post("/api/v1/tasks/" + unknown + "/invoke", new byte[0], Map.of())
                .json()
                .get("error")
                .asText())
        .isEqualTo("TASK_NOT_FOUND");
  }

  @Test
  void aTaskWhoseModuleIsNotWasmFailsWithInvalidConfigurationAndTheNodeKeepsServing() {
    String bad = platform.deploy("garbage.bin");
    String good = platform.deploy("echo_upper.c.wasm");

    Answer answer = node.post("/invoke/" + bad, new byte[0], Map.of());

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_CONFIGURATION");
    assertThat(answer.json().get("message").asText()).isEqualTo("Invalid WASM module format");
    assertThat(node.post("/invoke/" + good, bytes("ok"), Map.of()).text()).isEqualTo("OK");
  }

  @Test
  void malformedRequestsAreRejectedNamingTheField() {
    assertThat(node.postJson("/functions/execute", "{}").json().get("message").asText())
        .contains("task_id");
    String taskId = platform.deploy("echo_upper.c.wasm");
    assertThat(
            node.postJson(
                    "/functions/execute", "{\"task_id\": \"" + taskId + "\", \"mode\": \"later\"}")
                .json()
                .get("message")
                .asText())
        .contains("mode");
    Answer badInput =
        node.postJson(
            "/functions/execute", "{\"task_id\": \"" + taskId + "\", \"input_base64\": \"%%%\"}");
    assertThat(badInput.status()).isEqualTo(400);
    assertThat(badInput.json().get("message").asText()).contains("input_base64");
  }

  @Test
  void asyncInvocationAnswersAtOnceAndCanBePolledUntilCompleted() throws Exception {
    String taskId = platform.deploy("echo_upper.c.wasm");

    Answer accepted =
        node.postJson(
            "/functions/execute",
            "{\"task_id\": \"%s\", \"mode\": \"async\", \"input_base64\": \"%s\"}"
                .formatted(taskId, Base64.getEncoder().encodeToString(bytes("later"))));

    assertThat(accepted.status()).isEqualTo(202);
    String executionId = accepted.json().get("execution_id").asText();
    awaitStatus(executionId, "completed");
    JsonNode done =
        node.get("/functions/executions/" + executionId + "?include_output=true").json();
    assertThat(Base64.getDecoder().decode(done.get("output_base64").asText()))
        .isEqualTo(bytes("LATER"));
    assertThat(node.get("/functions/executions/" + executionId).json().has("output_base64"))
        .isFalse();
    awaitSmsRecord(executionId, "completed");
  }

  @Test
  void cancellingARunningInfiniteLoopStopsItPromptly() throws Exception {
    String taskId = platform.deploy("infinite_loop.wat.wasm");
    String executionId =
        node.postJson(
                "/functions/execute",
                "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId))
            .json()
            .get("execution_id")
            .asText();
    awaitStatus(executionId, "running");

    long start = System.nanoTime();
    Answer cancel =
        node.send("POST", "/functions/executions/" + executionId + "/cancel", null, Map.of());
    String status = cancel.json().get("status").asText();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(status).isEqualTo("cancelled");
    // A bound for a broken stop, not a speed claim: the stop takes microseconds.
    assertThat(elapsedMs).isLessThan(5_000);
    awaitSmsRecord(executionId, "cancelled");
    assertThat(
            node.send("POST", "/functions/executions/" + executionId + "/cancel", null, Map.of())
                .status())
        .isEqualTo(400);
  }

  @Test
  void runawayGuestTimesOutAndTheNextInvocationSucceeds() {
    String loop = platform.deploy("infinite_loop.wat.wasm");
    String echo = platform.deploy("echo_upper.c.wasm");

    // On a busy machine compiling may outlast the 200 ms limit: that call answers 503
    // MODULE_COMPILING while the compile goes on, and a later one finds the module ready.
    Answer answer;
    long elapsedMs;
    int attempts = 0;
    do {
      long start = System.nanoTime();
      answer = node.post("/invoke/" + loop + "?timeout_ms=200", new byte[0], Map.of());
      elapsedMs = (System.nanoTime() - start) / 1_000_000;
    } while (answer.status() == 503 && ++attempts < 200);

    assertThat(answer.status()).isEqualTo(504);
    assertThat(answer.json().get("error").asText()).isEqualTo("EXECUTION_TIMEOUT");
    assertThat(elapsedMs).isLessThan(2_000);
    assertThat(node.post("/invoke/" + echo, bytes("after"), Map.of()).text()).isEqualTo("AFTER");
  }

  @Test
  void deletedTaskIsNoLongerServedOnceRevalidated() throws Exception {
    String taskId = platform.deploy("echo_upper.c.wasm");
    assertThat(node.post("/invoke/" + taskId, bytes("x"), Map.of()).status()).isEqualTo(200);

    platform.smsHttp.delete("/api/v1/tasks/" + taskId);
    platform.ticker.advance(Duration.ofMillis(301)); // past the node's revalidation interval

    Answer answer = node.post("/invoke/" + taskId, bytes("x"), Map.of());
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().get("error").asText()).isEqualTo("TASK_NOT_FOUND");
  }

  @Test
  void unknownExecutionIsNotFound() {
    assertThat(node.get("/functions/executions/nope").json().get("error").asText())
        .isEqualTo("EXECUTION_NOT_FOUND");
  }

  private void awaitStatus(String executionId, String status) {
    eventually(
        () ->
            assertThat(
                    node.get("/functions/executions/" + executionId).json().get("status").asText())
                .isEqualTo(status));
  }

  private JsonNode awaitSmsRecord(String executionId, String status) {
    JsonNode[] record = new JsonNode[1];
    eventually(
        () -> {
          Answer answer = platform.smsHttp.get("/api/v1/executions/" + executionId);
          assertThat(answer.status()).isEqualTo(200);
          assertThat(answer.json().get("status").asText()).isEqualTo(status);
          record[0] = answer.json();
        });
    return record[0];
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
