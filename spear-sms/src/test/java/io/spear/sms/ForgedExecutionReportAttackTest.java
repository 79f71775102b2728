package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.auth.TokenRegistry;
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
 * A node token reports only the executions its own nodes run: node-b cannot file records or log
 * lines for an execution running on node-a, nor take one over.
 */
class ForgedExecutionReportAttackTest {

  private static final String EXECUTION = "3b0f1c9e-5a7d-4c1e-9f00-00000000e001";

  @TempDir Path dir;

  private final String tokenA = TokenRegistry.generateToken();
  private final String tokenB = TokenRegistry.generateToken();
  private SmsServer sms;
  private HttpTestClient http;
  private String nodeA;
  private String nodeB;

  @BeforeEach
  void start() {
    TokenRegistry tokens =
        TokenRegistry.empty()
            .with("node-a", Role.NODE, tokenA)
            .with("node-b", Role.NODE, tokenB)
            .with("viewer", Role.VIEWER, TokenRegistry.generateToken());
    sms =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .security(ServerSecurity.withTokens(tokens))
            .start();
    http = new HttpTestClient(sms.port());
    nodeA = register(tokenA, "10.0.0.1");
    nodeB = register(tokenB, "10.0.0.2");
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  @Test
  void anotherNodeCannotCompleteOrLogAnExecutionRunningOnNodeA() {
    assertThat(put(tokenA, record(EXECUTION, nodeA, "running", "")).status()).isEqualTo(200);
    assertThat(appendLines(tokenA, EXECUTION, "real line", nodeA).status()).isEqualTo(200);

    Answer forgedLog = appendLines(tokenB, EXECUTION, "FORGED BY NODE-B", null);
    assertThat(forgedLog.status()).isEqualTo(403);
    assertThat(forgedLog.json().path("error").asText()).isEqualTo("PERMISSION_DENIED");
    Answer forgedRecord = put(tokenB, record(EXECUTION, nodeA, "completed", "forged by node-b"));
    assertThat(forgedRecord.status()).isEqualTo(403);
    assertThat(forgedRecord.json().path("error").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(put(tokenB, record(EXECUTION, nodeB, "completed", "taken over")).status())
        .as("claiming it for its own node")
        .isEqualTo(403);
    assertThat(batch(tokenB, record(EXECUTION, nodeB, "completed", "in a batch")).status())
        .isEqualTo(403);

    assertThat(put(tokenA, record(EXECUTION, nodeA, "completed", "the real report")).status())
        .isEqualTo(200);
    JsonNode stored = http.get("/api/v1/executions/" + EXECUTION, bearer(tokenA)).json();
    assertThat(stored.path("status").asText()).isEqualTo("completed");
    assertThat(stored.path("log").asText()).isEqualTo("the real report");
    assertThat(http.get("/api/v1/executions/" + EXECUTION + "/logs", bearer(tokenA)).text())
        .contains("real line")
        .doesNotContain("FORGED")
        .doesNotContain("forged")
        .doesNotContain("taken over");
  }

  @Test
  void aNodeCannotFileANewExecutionForAnotherNodeOrForNone() {
    assertThat(put(tokenB, record(EXECUTION, nodeA, "completed", "")).status()).isEqualTo(403);
    assertThat(put(tokenB, record(EXECUTION, "", "completed", "")).status()).isEqualTo(403);
    assertThat(appendLines(tokenB, EXECUTION, "x", nodeA).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/executions/" + EXECUTION, bearer(tokenA)).status()).isEqualTo(404);
    assertThat(put(tokenB, record(EXECUTION, nodeB, "completed", "")).status())
        .as("its own node's execution")
        .isEqualTo(200);
  }

  @Test
  void theLogOfARunningSynchronousExecutionBelongsToTheNodeThatOpenedIt() {
    // A synchronous execution has no record until it ends: its first lines say where it runs.
    assertThat(appendLines(tokenA, EXECUTION, "first", nodeA).status()).isEqualTo(200);
    assertThat(appendLines(tokenA, EXECUTION, "second", null).status()).isEqualTo(200);
    assertThat(appendLines(tokenB, EXECUTION, "FORGED", null).status()).isEqualTo(403);
    assertThat(appendLines(tokenB, EXECUTION, "FORGED", nodeB).status()).isEqualTo(403);
    assertThat(http.get("/api/v1/executions/" + EXECUTION + "/logs", bearer(tokenA)).text())
        .contains("second")
        .doesNotContain("FORGED");
  }

  private String register(String token, String ip) {
    Answer answer =
        http.send(
            "POST",
            "/api/v1/nodes",
            ("{\"ip_address\": \"" + ip + "\", \"port\": 1, \"http_port\": 1}")
                .getBytes(StandardCharsets.UTF_8),
            bearer(token));
    assertThat(answer.status()).isEqualTo(201);
    return answer.json().path("node_uuid").asText();
  }

  private static String record(String id, String node, String status, String log) {
    return "{\"execution_id\": \"%s\", \"task_id\": \"t\", \"node_uuid\": \"%s\", \"status\": \"%s\", \"log\": \"%s\"}"
        .formatted(id, node, status, log);
  }

  private Answer put(String token, String record) {
    return http.send("PUT", "/api/v1/executions/" + EXECUTION, bytes(record), json(token));
  }

  private Answer batch(String token, String record) {
    return http.send(
        "POST", "/api/v1/executions", bytes("{\"executions\": [" + record + "]}"), json(token));
  }

  private Answer appendLines(String token, String id, String message, String startedOn) {
    String started =
        startedOn == null
            ? ""
            : ", \"started\": {\"node_uuid\": \"%s\", \"task_id\": \"t\", \"ts_ms\": 1}"
                .formatted(startedOn);
    String body =
        "{\"lines\": [{\"ts_ms\": 2, \"level\": \"info\", \"message\": \"%s\"}]%s}"
            .formatted(message, started);
    return http.send("POST", "/api/v1/executions/" + id + "/logs", bytes(body), json(token));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static Map<String, String> json(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }
}
