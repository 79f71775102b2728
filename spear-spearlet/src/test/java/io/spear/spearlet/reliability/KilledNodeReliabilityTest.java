package io.spear.spearlet.reliability;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a Spearlet (a JVM of its own) while it runs an asynchronous execution: SMS
 * ends the record, on its own clock, within the grace it gives a silent node (the node heartbeat
 * timeout) — well inside the execution's deadline plus that grace — and at once when the node comes
 * back first; the node comes back as itself.
 */
@Tag("reliability")
@Timeout(180)
class KilledNodeReliabilityTest {

  /** The grace SMS gives a node that stopped heartbeating (its node heartbeat timeout). */
  private static final Duration GRACE = Duration.ofSeconds(10);

  /** The execution's own deadline (it sleeps far longer). */
  private static final int DEADLINE_MS = 60_000;

  @TempDir Path smsDir;
  @TempDir Path nodeDir;
  @TempDir Path logs;

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private SmsServer sms;
  private HttpTestClient smsHttp;

  @BeforeEach
  void startSms() {
    sms =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(smsDir)
                .withNodeHeartbeatTimeout(GRACE)
                .withClock(now::get));
    smsHttp = new HttpTestClient(sms.port());
  }

  @AfterEach
  void stopSms() {
    sms.close();
  }

  @Test
  void aKilledNodesAsyncExecutionEndsAsNodeLostOnceTheGraceHasPassed() throws Exception {
    String executionId;
    try (SpearletProcess node = startNode("first.log")) {
      executionId = startSleepingExecution(node);
      node.kill();
    }
    long killedAtMs = now.get().toEpochMilli();

    // SMS's clock moves past the grace; nothing else tells it the node is gone.
    now.set(now.get().plus(GRACE).plusSeconds(1));
    sms.checkNodeLiveness();
    sms.expireExecutions();

    JsonNode record = smsHttp.get("/api/v1/executions/" + executionId).json();
    assertThat(record.get("status").asText()).isEqualTo("failed");
    assertThat(record.get("error").asText()).isEqualTo("NODE_LOST");
    assertThat(record.get("completed_at_ms").asLong() - killedAtMs)
        .isLessThanOrEqualTo(GRACE.toMillis() + 1_000)
        .isLessThan(DEADLINE_MS + GRACE.toMillis());
  }

  @Test
  void aKilledNodeThatComesBackIsTheSameNodeAndItsLostExecutionEndsAtOnce() throws Exception {
    String executionId;
    String uuid;
    try (SpearletProcess node = startNode("first.log")) {
      uuid = awaitOnlineNode();
      executionId = startSleepingExecution(node);
      node.kill();
    }

    // Back before SMS noticed anything: SMS's clock does not move at all.
    try (SpearletProcess again = startNode("second.log")) {
      eventually(
          Duration.ofSeconds(60),
          () -> {
            JsonNode record = smsHttp.get("/api/v1/executions/" + executionId).json();
            assertThat(record.get("status").asText()).isEqualTo("failed");
            assertThat(record.get("error").asText()).isEqualTo("NODE_LOST");
          });
      JsonNode nodes = smsHttp.get("/api/v1/nodes").json();
      assertThat(nodes.get("total_count").asInt()).as("no ghost node").isEqualTo(1);
      assertThat(nodes.get("nodes").get(0).get("uuid").asText()).isEqualTo(uuid);
      assertThat(nodes.get("nodes").get(0).get("http_port").asInt()).isEqualTo(again.port());
      assertThat(nodes.get("nodes").get(0).get("status").asText()).isEqualTo("online");
    }
  }

  private SpearletProcess startNode(String logName) throws Exception {
    return SpearletProcess.start(logs.resolve(logName), sms.httpAddr(), nodeDir);
  }

  private String awaitOnlineNode() {
    String[] uuid = new String[1];
    eventually(
        Duration.ofSeconds(60),
        () -> {
          JsonNode nodes = smsHttp.get("/api/v1/nodes?status=online").json();
          assertThat(nodes.get("total_count").asInt()).isEqualTo(1);
          uuid[0] = nodes.get("nodes").get(0).get("uuid").asText();
        });
    return uuid[0];
  }

  /** Starts an asynchronous execution that sleeps a minute; returns once SMS records it running. */
  private String startSleepingExecution(SpearletProcess node) {
    awaitOnlineNode();
    String file =
        smsHttp
            .post(
                "/api/v1/files",
                Corpus.bytes("log_then_sleep.c.wasm"),
                Map.of("X-File-Name", "sleep.wasm"))
            .json()
            .get("uri")
            .asText();
    String task =
        smsHttp
            .postJson(
                "/api/v1/tasks",
                """
                {"name": "sleeper", "executable": {"type": "wasm", "uri": "%s",
                 "args": ["60000"]}}
                """
                    .formatted(file))
            .json()
            .get("task_id")
            .asText();
    HttpTestClient http = new HttpTestClient(node.port());
    var accepted =
        http.postJson(
            "/functions/execute",
            "{\"task_id\": \"%s\", \"mode\": \"async\", \"timeout_ms\": %d}"
                .formatted(task, DEADLINE_MS));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    String executionId = accepted.json().get("execution_id").asText();
    eventually(
        Duration.ofSeconds(60),
        () -> {
          assertThat(
                  http.get("/functions/executions/" + executionId).json().path("status").asText())
              .isEqualTo("running");
          // SMS knows it (from the node's first report) and thinks it has not ended.
          assertThat(
                  smsHttp.get("/api/v1/executions/" + executionId).json().path("status").asText())
              .isIn("pending", "running");
        });
    return executionId;
  }
}
