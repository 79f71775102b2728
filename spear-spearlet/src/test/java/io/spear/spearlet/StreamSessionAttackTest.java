package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a stream session answer may be made to say. */
@Timeout(60)
class StreamSessionAttackTest {

  @TempDir Path dataDir;

  @Test
  void aForgedHostHeaderDoesNotChooseWhereTheSessionTokenGoes() throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      String taskId = platform.deploy("streams_probe.c.wasm", "echo");
      String executionId =
          new HttpTestClient(spearlet.port())
              .postJson(
                  "/functions/execute",
                  "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId))
              .json()
              .get("execution_id")
              .asText();
      eventually(
          () ->
              assertThat(platform.smsHttp.get("/api/v1/executions/" + executionId).status())
                  .isEqualTo(200));

      JsonNode session =
          postWithHost(
              platform.sms.port(),
              "/api/v1/executions/" + executionId + "/streams/session",
              "evil.example:1");

      assertThat(session.get("ws_url").asText())
          .isEqualTo(
              "ws://127.0.0.1:%d/api/v1/executions/%s/streams/ws?token=%s"
                  .formatted(platform.sms.port(), executionId, session.get("token").asText()))
          .doesNotContain("evil.example");
    }
  }

  @Test
  void aSessionForAnEndedExecutionSaysTheExecutionEnded() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      platform.addSpearlet();
      String taskId = platform.deploy("echo_upper.c.wasm");
      Answer invoked =
          platform.smsHttp.post(
              "/api/v1/tasks/" + taskId + "/invoke",
              "x".getBytes(StandardCharsets.UTF_8),
              Map.of());
      String executionId = invoked.header("X-Spear-Execution-Id");
      eventually(
          () ->
              assertThat(
                      platform
                          .smsHttp
                          .get("/api/v1/executions/" + executionId)
                          .json()
                          .path("status")
                          .asText())
                  .isEqualTo("completed"));

      Answer session =
          platform.smsHttp.postJson("/api/v1/executions/" + executionId + "/streams/session", "{}");

      assertThat(session.status()).isEqualTo(409);
      assertThat(session.json().get("error").asText()).isEqualTo("EXECUTION_ENDED");
      assertThat(session.json().get("message").asText())
          .isEqualTo("execution " + executionId + " has ended");
    }
  }

  /** A POST whose Host header the JDK client would not let us forge. */
  private static JsonNode postWithHost(int port, String path, String host) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 200");
      return Json.mapper()
          .readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
    }
  }
}
