package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionsApiTest {

  @TempDir Path dataDir;
  private final String taskId = UUID.randomUUID().toString();

  private ExecutionRecord record(String id, ExecutionState state, long createdAt) {
    return new ExecutionRecord(
        id,
        "inv-" + id,
        taskId,
        "node-1",
        "inst-1",
        "",
        ExecutionMode.SYNC,
        state,
        state == ExecutionState.COMPLETED ? 0 : null,
        null,
        null,
        createdAt,
        createdAt,
        state.terminal() ? createdAt + 5 : 0,
        5,
        5_000,
        false,
        12,
        false,
        "log line\n",
        false,
        null,
        null);
  }

  private Answer report(SmsTestServer sms, ExecutionRecord r) {
    return sms.http.send(
        "PUT",
        "/api/v1/executions/" + r.executionId(),
        Json.writeBytes(r),
        Map.of("Content-Type", "application/json"));
  }

  @Test
  void reportedExecutionsAreReadableByIdAndByTaskAndSurviveARestart() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertThat(report(sms, record("e1", ExecutionState.RUNNING, 1000)).status()).isEqualTo(200);
      report(sms, record("e1", ExecutionState.COMPLETED, 1000));
      report(sms, record("e2", ExecutionState.FAILED, 2000));
    }
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      JsonNode e1 = sms.http.get("/api/v1/executions/e1").json();
      assertThat(e1.get("status").asText()).isEqualTo("completed");
      assertThat(e1.get("exit_code").asInt()).isZero();
      assertThat(e1.get("log").asText()).isEqualTo("log line\n");
      assertThat(e1.get("node_uuid").asText()).isEqualTo("node-1");

      JsonNode list = sms.http.get("/api/v1/tasks/" + taskId + "/executions").json();
      assertThat(list.get("total_count").asInt()).isEqualTo(2);
      assertThat(list.get("executions").get(0).get("execution_id").asText()).isEqualTo("e2");
    }
  }

  @Test
  void aLateReportNeverUndoesAnEndedExecution() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      report(sms, record("e1", ExecutionState.COMPLETED, 1000));

      Answer late = report(sms, record("e1", ExecutionState.RUNNING, 1000));

      assertThat(late.json().get("status").asText()).isEqualTo("completed");
      assertThat(sms.http.get("/api/v1/executions/e1").json().get("status").asText())
          .isEqualTo("completed");
    }
  }

  @Test
  void malformedReportsAreRejectedAndStoreNothing() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      byte[] unknownStatus =
          "{\"execution_id\": \"e1\", \"status\": \"done\"}".getBytes(StandardCharsets.UTF_8);
      byte[] otherId = Json.writeBytes(record("e9", ExecutionState.RUNNING, 1));

      assertError(
          sms.http.send("PUT", "/api/v1/executions/e1", unknownStatus, Map.of()),
          400,
          "INVALID_REQUEST");
      assertError(
          sms.http.send("PUT", "/api/v1/executions/e1", otherId, Map.of()), 400, "INVALID_REQUEST");
      assertError(sms.http.get("/api/v1/executions/e1"), 404, "EXECUTION_NOT_FOUND");
      assertError(sms.http.get("/api/v1/executions/e9"), 404, "EXECUTION_NOT_FOUND");
    }
  }

  @Test
  void unknownOrMalformedExecutionIdsAreNotFound() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertError(sms.http.get("/api/v1/executions/nope"), 404, "EXECUTION_NOT_FOUND");
      assertError(sms.http.get("/api/v1/executions/..%2Fx"), 404, "EXECUTION_NOT_FOUND");
      assertError(sms.http.get("/api/v1/tasks/not-a-task/executions"), 404, "TASK_NOT_FOUND");
    }
  }

  private Answer reportBatch(SmsTestServer sms, Object body) {
    return sms.http.postJson("/api/v1/executions", Json.write(body));
  }

  @Test
  void aBatchReportStoresEveryRecordInOrderWithTheEndedRule() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      report(sms, record("done", ExecutionState.COMPLETED, 500));
      Answer answer =
          reportBatch(
              sms,
              Map.of(
                  "executions",
                  List.of(
                      record("b1", ExecutionState.RUNNING, 1000),
                      record("b1", ExecutionState.COMPLETED, 1000),
                      record("b2", ExecutionState.FAILED, 2000),
                      record("done", ExecutionState.RUNNING, 500))));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().get("stored").asInt()).isEqualTo(4);
      assertThat(sms.http.get("/api/v1/executions/b1").json().get("status").asText())
          .isEqualTo("completed");
      assertThat(sms.http.get("/api/v1/executions/b2").json().get("status").asText())
          .isEqualTo("failed");
      assertThat(sms.http.get("/api/v1/executions/done").json().get("status").asText())
          .isEqualTo("completed");
    }
  }

  @Test
  void aMalformedBatchIsRefusedWholeAndChangesNothing() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Map<String, Object> bad = new java.util.LinkedHashMap<>();
      bad.put("execution_id", "../x");
      Answer badId =
          reportBatch(
              sms, Map.of("executions", List.of(record("ok", ExecutionState.COMPLETED, 1), bad)));
      assertError(badId, 400, "INVALID_REQUEST");
      assertThat(sms.http.get("/api/v1/executions/ok").status()).isEqualTo(404);

      assertError(reportBatch(sms, Map.of("executions", "nope")), 400, "INVALID_REQUEST");
      List<ExecutionRecord> tooMany = new java.util.ArrayList<>();
      for (int i = 0; i <= 1000; i++) {
        tooMany.add(record("m" + i, ExecutionState.COMPLETED, i));
      }
      assertError(reportBatch(sms, Map.of("executions", tooMany)), 400, "INVALID_REQUEST");
      assertThat(sms.http.get("/api/v1/executions/m0").status()).isEqualTo(404);
    }
  }
}
