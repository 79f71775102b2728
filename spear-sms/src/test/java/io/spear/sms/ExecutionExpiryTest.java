package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionExpiryTest {

  private static final String NODE =
      "{\"ip_address\": \"10.0.0.7\", \"port\": 1, \"http_port\": 2}";

  @TempDir Path dataDir;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private SmsTestServer sms;

  @BeforeEach
  void start() {
    InstantSource clock = now::get;
    sms =
        SmsTestServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dataDir)
                .withNodeHeartbeatTimeout(Duration.ofSeconds(30))
                .withClock(clock));
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  @Test
  void anExecutionWhoseNodeWentOfflineEndsAsNodeLost() {
    String node = sms.http.postJson("/api/v1/nodes", NODE).json().get("node_uuid").asText();
    report(pending("e-lost", node));
    report(pending("e-other", "node-that-is-still-registering"));

    assertThat(sms.server.expireExecutions()).isZero();
    assertThat(execution("e-lost").get("status").asText()).isEqualTo("pending");

    now.set(now.get().plusSeconds(31));
    sms.server.checkNodeLiveness();
    sms.server.expireExecutions();

    JsonNode lost = execution("e-lost");
    assertThat(lost.get("status").asText()).isEqualTo("failed");
    assertThat(lost.get("error").asText()).isEqualTo("NODE_LOST");
    assertThat(lost.get("message").asText()).contains(node).contains("went offline");
    // A node SMS never heard of counts as lost once a heartbeat timeout has passed.
    assertThat(execution("e-other").get("error").asText()).isEqualTo("NODE_LOST");

    // The node coming back with a late report cannot undo the end.
    report(pending("e-lost", node));
    assertThat(execution("e-lost").get("status").asText()).isEqualTo("failed");
  }

  @Test
  void anExecutionWithoutAnEndPastTheMaximumAgeEndsAsTimedOut() {
    String node = sms.http.postJson("/api/v1/nodes", NODE).json().get("node_uuid").asText();
    report(pending("e-old", node));
    for (int i = 0; i < 5; i++) {
      // The node stays online all along.
      now.set(now.get().plus(Duration.ofMinutes(13)));
      sms.http.postJson("/api/v1/nodes/" + node + "/heartbeat", "{}");
      sms.server.checkNodeLiveness();
      sms.server.expireExecutions();
    }
    JsonNode old = execution("e-old");
    assertThat(old.get("status").asText()).isEqualTo("timeout");
    assertThat(old.get("error").asText()).isEqualTo("EXECUTION_TIMEOUT");
  }

  private ExecutionRecord pending(String id, String node) {
    return ExecutionRecord.accepted(
        id, "inv-" + id, "task-1", node, "", ExecutionMode.ASYNC, now.get().toEpochMilli());
  }

  private void report(ExecutionRecord record) {
    assertThat(
            sms.http
                .send(
                    "PUT",
                    "/api/v1/executions/" + record.executionId(),
                    Json.write(record).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Map.of("Content-Type", "application/json"))
                .status())
        .isBetween(200, 299);
  }

  private JsonNode execution(String id) {
    JsonNode answer = sms.http.get("/api/v1/executions/" + id).json();
    return answer.has("execution") ? answer.get("execution") : answer;
  }
}
