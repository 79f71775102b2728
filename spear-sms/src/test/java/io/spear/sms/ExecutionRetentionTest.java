package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.testing.HttpTestClient;
import io.spear.testing.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMS deletes ended executions' records past their retention, and says so in its metrics. */
class ExecutionRetentionTest {

  @TempDir Path dataDir;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private SmsServer server;
  private HttpTestClient http;

  @BeforeEach
  void start() {
    server =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dataDir).withClock(now::get))
            .executionRetention(new ExecutionRetention(Duration.ofDays(1), 2))
            .start();
    http = new HttpTestClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anEndedRecordPastItsAgeGoesWithItsLogAndARunningOneStays() {
    report(ended("e-done", "task-1"));
    report(accepted("e-running", "task-1"));
    assertThat(http.get("/api/v1/executions/e-done/logs").status()).isEqualTo(200);

    now.set(now.get().plus(Duration.ofHours(23)));
    assertThat(server.pruneExecutions()).isZero();
    now.set(now.get().plus(Duration.ofHours(2)));
    assertThat(server.pruneExecutions()).isEqualTo(1);

    assertThat(http.get("/api/v1/executions/e-done").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/executions/e-done/logs").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/executions/e-running").status()).isEqualTo(200);
    Map<String, Double> metrics = PrometheusText.parse(http.get("/metrics").text());
    assertThat(metrics.get("spear_sms_executions_pruned_total")).isEqualTo(1.0);
  }

  @Test
  void aTaskKeepsItsNewestEndedRecordsOnly() {
    for (int i = 0; i < 5; i++) {
      report(ended("e" + i, "task-1"));
      now.set(now.get().plusSeconds(1));
    }
    now.set(now.get().plus(Duration.ofMinutes(2)));

    assertThat(server.pruneExecutions()).isEqualTo(3);

    for (int i = 0; i < 5; i++) {
      assertThat(http.get("/api/v1/executions/e" + i).status())
          .as("e" + i)
          .isEqualTo(i < 3 ? 404 : 200);
    }
  }

  @Test
  void healthListsTheRetentionWorker() {
    JsonNode workers = http.get("/health").json().get("workers");
    assertThat(workers.get("sms-execution-retention").get("state").asText()).isEqualTo("ok");
  }

  private ExecutionRecord accepted(String id, String task) {
    return ExecutionRecord.accepted(
        id, "inv-" + id, task, "node-1", "", ExecutionMode.ASYNC, now.get().toEpochMilli());
  }

  private ExecutionRecord ended(String id, String task) {
    return accepted(id, task)
        .ended(
            new ExecutionRecord.Ending(
                ExecutionState.COMPLETED, 0, null, null, 10, 0, false, "hello\n", false),
            now.get().toEpochMilli());
  }

  private void report(ExecutionRecord record) {
    assertThat(
            http.send(
                    "PUT",
                    "/api/v1/executions/" + record.executionId(),
                    Json.write(record).getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"))
                .status())
        .isBetween(200, 299);
  }
}
