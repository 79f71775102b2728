package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A schedule of SMS runs a corpus guest on a real Spearlet on time, tick after tick. */
class ScheduleEndToEndTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void anEvery2sScheduleRunsItsTaskWithItsInputOnTime() {
    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir));
        SpearletServer node =
            SpearletServer.start(
                SpearletConfig.defaults().toBuilder()
                    .smsHttpAddr(sms.httpAddr())
                    .bindHost("127.0.0.1")
                    .httpPort(0)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build())) {
      HttpTestClient http = new HttpTestClient(sms.port());
      String taskId = echoTask(http);
      eventually(
          () ->
              assertThat(http.get("/api/v1/nodes?status=online").json().get("total_count").asInt())
                  .isEqualTo(1));
      String input = Base64.getEncoder().encodeToString("tick".getBytes(StandardCharsets.UTF_8));
      JsonNode created =
          http.postJson(
                  "/api/v1/schedules",
                  "{\"task_id\": \""
                      + taskId
                      + "\", \"every\": \"2s\", \"input_base64\": \""
                      + input
                      + "\"}")
              .json();
      String scheduleId = created.at("/schedule/schedule_id").asText();
      long firstTick = created.at("/schedule/next_fire_at_ms").asLong();

      List<JsonNode> runs = new ArrayList<>();
      eventually(
          Duration.ofSeconds(30),
          () -> {
            runs.clear();
            http.get("/api/v1/executions?schedule_id=" + scheduleId)
                .json()
                .get("executions")
                .forEach(runs::add);
            assertThat(runs).hasSizeGreaterThanOrEqualTo(3);
            assertThat(runs)
                .allSatisfy(r -> assertThat(r.get("status").asText()).isEqualTo("completed"));
          });
      http.postJson("/api/v1/schedules/" + scheduleId + "/pause", "");

      for (JsonNode run : runs) {
        assertThat(run.get("trigger").asText()).isEqualTo("schedule");
        assertThat(run.get("schedule_id").asText()).isEqualTo(scheduleId);
        assertThat(run.get("node_uuid").asText()).isEqualTo(node.nodeUuid().orElseThrow());
        assertThat(run.get("mode").asText()).isEqualTo("async");
        // echo_upper answers its stdin in capitals: the schedule's four bytes.
        assertThat(run.get("output_size").asLong()).isEqualTo(4);
        long tick =
            Long.parseLong(run.get("invocation_id").asText().substring(scheduleId.length() + 1));
        assertThat((tick - firstTick) % 2_000).isZero();
        // On time: accepted by the node within one and a half seconds of its tick (a busy machine),
        // never before it.
        assertThat(run.get("created_at_ms").asLong()).isBetween(tick, tick + 1_500);
      }
      JsonNode output =
          http.get("/api/v1/executions/" + runs.getFirst().get("execution_id").asText() + "/output")
              .json();
      assertThat(output.toString())
          .contains(Base64.getEncoder().encodeToString("TICK".getBytes(StandardCharsets.UTF_8)));
    }
  }

  static String echoTask(HttpTestClient http) {
    String fileId =
        http.post("/api/v1/files", Corpus.bytes("echo_upper.c.wasm"), Map.of())
            .json()
            .get("id")
            .asText();
    return http.postJson(
            "/api/v1/tasks",
            "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\", \"uri\": \"sms+file://"
                + fileId
                + "\"}}")
        .json()
        .get("task_id")
        .asText();
  }
}
