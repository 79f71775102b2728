package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SMS replicas on one PostgreSQL both run schedulers: each tick of a schedule runs exactly
 * once, also while one replica, a separate process, is killed with SIGKILL and started again.
 */
class ScheduleReplicasKillTest {

  private static final int TICKS = 22;

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void eachTickRunsExactlyOnceAcrossTwoReplicasWhileOneIsKilledAndRestarted() throws Exception {
    String database = TestPostgres.newDatabase();
    int port = SpearProcess.freePort();
    String[] replicaArgs = {
      "sms",
      "--host",
      "127.0.0.1",
      "--sms-port",
      Integer.toString(port),
      "--data-dir",
      dir.resolve("b").toString(),
      "--database-url",
      database
    };
    SpearProcess b = SpearProcess.start(dir.resolve("sms-b.log"), replicaArgs);
    try (SmsServer a =
            SmsServer.start(
                SmsConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(dir.resolve("a"))
                    .withDatabase(Optional.of(PostgresUrl.parse(database))));
        SpearletServer node =
            SpearletServer.start(
                SpearletConfig.defaults().toBuilder()
                    .smsHttpAddr(a.httpAddr())
                    .bindHost("127.0.0.1")
                    .httpPort(0)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build())) {
      HttpTestClient toA = new HttpTestClient(a.port());
      HttpTestClient toB = new HttpTestClient(port);
      b.awaitHealthy(port);
      eventually(
          () ->
              assertThat(toB.get("/api/v1/nodes?status=online").json().get("total_count").asInt())
                  .isEqualTo(1));
      String taskId = ScheduleEndToEndTest.echoTask(toA);
      String scheduleId =
          toB.postJson("/api/v1/schedules", "{\"task_id\": \"" + taskId + "\", \"every\": \"1s\"}")
              .json()
              .at("/schedule/schedule_id")
              .asText();

      awaitTicks(toA, scheduleId, 6);
      // Killed just after a tick reached the node, the replica leaves no tick half handed over.
      b.kill();
      awaitTicks(toA, scheduleId, 10);
      b = SpearProcess.start(dir.resolve("sms-b-again.log"), replicaArgs);
      b.awaitHealthy(port);
      awaitTicks(toA, scheduleId, TICKS);
      toA.postJson("/api/v1/schedules/" + scheduleId + "/pause", "");

      // The store's executions of the schedule, counted per tick (the tick is in the invocation
      // id).
      eventually(
          () -> {
            Map<Long, Integer> perTick = perTick(toA, scheduleId);
            assertThat(perTick.size()).isGreaterThanOrEqualTo(TICKS);
            assertThat(perTick)
                .allSatisfy((tick, runs) -> assertThat(runs).as("tick " + tick).isEqualTo(1));
            long first = perTick.keySet().iterator().next();
            long last = ((TreeMap<Long, Integer>) perTick).lastKey();
            assertThat(perTick).as("no tick skipped").hasSize((int) ((last - first) / 1_000) + 1);
            assertThat(executions(toA, scheduleId))
                .allSatisfy(
                    e -> {
                      assertThat(e.get("status").asText()).isEqualTo("completed");
                      assertThat(e.get("node_uuid").asText())
                          .isEqualTo(node.nodeUuid().orElseThrow());
                    });
          });
    } finally {
      b.close();
    }
  }

  private static void awaitTicks(HttpTestClient http, String scheduleId, int ticks) {
    eventually(
        Duration.ofSeconds(40),
        () -> assertThat(perTick(http, scheduleId).size()).isGreaterThanOrEqualTo(ticks));
  }

  private static Map<Long, Integer> perTick(HttpTestClient http, String scheduleId) {
    Map<Long, Integer> perTick = new TreeMap<>();
    for (JsonNode execution : executions(http, scheduleId)) {
      String invocation = execution.get("invocation_id").asText();
      long tick = Long.parseLong(invocation.substring(scheduleId.length() + 1));
      perTick.merge(tick, 1, Integer::sum);
    }
    return perTick;
  }

  private static JsonNode executions(HttpTestClient http, String scheduleId) {
    return http.get("/api/v1/executions?limit=1000&schedule_id=" + scheduleId)
        .json()
        .get("executions");
  }
}
