package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console reaches executions on their nodes through SMS: output, cancel, listing. */
class ExecutionControlThroughSmsTest {

  @TempDir Path dataDir;
  private TestPlatform platform;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    platform.addSpearlet();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private String runAsync(String taskId, String input) {
    Answer accepted =
        platform.smsHttp.postJson(
            "/api/v1/invocations",
            "{\"task_id\": \"%s\", \"mode\": \"async\", \"input_base64\": \"%s\"}"
                .formatted(
                    taskId,
                    Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8))));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    return accepted.json().get("execution_id").asText();
  }

  @Test
  void anExecutionsOutputIsReadThroughSmsFromItsNode() {
    String taskId = platform.deploy("echo_upper.c.wasm");
    String executionId = runAsync(taskId, "through sms");

    eventually(
        () -> {
          JsonNode view =
              platform.smsHttp.get("/api/v1/executions/" + executionId + "/output").json();
          assertThat(view.get("status").asText()).isEqualTo("completed");
          assertThat(view.get("output_available").asBoolean()).isTrue();
          assertThat(new String(Base64.getDecoder().decode(view.get("output_base64").asText())))
              .isEqualTo("THROUGH SMS");
        });
    eventually(
        () ->
            assertThat(
                    platform
                        .smsHttp
                        .get("/api/v1/executions?task_id=" + taskId + "&status=completed")
                        .json()
                        .get("total_count")
                        .asInt())
                .isEqualTo(1));
  }

  @Test
  void aRunawayExecutionIsCancelledThroughSms() {
    String taskId = platform.deploy("infinite_loop.wat.wasm");
    String executionId = runAsync(taskId, "");
    eventually(
        () ->
            assertThat(
                    platform
                        .smsHttp
                        .get("/api/v1/executions/" + executionId + "/output")
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("running"));

    Answer cancelled =
        platform.smsHttp.send(
            "POST", "/api/v1/executions/" + executionId + "/cancel", null, Map.of());

    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
    eventually(
        () ->
            assertThat(
                    platform
                        .smsHttp
                        .get("/api/v1/executions/" + executionId)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("cancelled"));
  }

  @Test
  void anUnknownExecutionIsNotFound() {
    Answer answer = platform.smsHttp.get("/api/v1/executions/nope/output");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().get("error").asText()).isEqualTo("EXECUTION_NOT_FOUND");
  }
}
