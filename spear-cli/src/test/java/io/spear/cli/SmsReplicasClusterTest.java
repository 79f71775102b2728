package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node registered through one SMS replica serves invocations made through another. */
class SmsReplicasClusterTest {

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aTaskRegisteredOnOneReplicaIsInvokedThroughTheOtherOnANodeOfEither() {
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir.resolve("unused"))
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    try (SmsServer a = SmsServer.start(config);
        SmsServer b = SmsServer.start(config);
        SpearletServer node =
            SpearletServer.start(
                SpearletConfig.defaults().toBuilder()
                    .smsHttpAddr(a.httpAddr())
                    .bindHost("127.0.0.1")
                    .httpPort(0)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build())) {
      HttpTestClient httpA = new HttpTestClient(a.port());
      HttpTestClient httpB = new HttpTestClient(b.port());
      eventually(
          () ->
              assertThat(httpB.get("/api/v1/nodes?status=online").json().get("total_count").asInt())
                  .isEqualTo(1));

      String fileId =
          httpB
              .post("/api/v1/files", Corpus.bytes("echo_upper.c.wasm"), Map.of())
              .json()
              .get("id")
              .asText();
      String taskId =
          httpA
              .postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\", \"uri\":"
                      + " \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();

      Answer throughB = invoke(httpB, taskId, "through b");
      assertThat(throughB.status()).as(throughB.text()).isEqualTo(200);
      assertThat(throughB.text()).isEqualTo("THROUGH B");
      assertThat(throughB.header("X-Spear-Node")).isEqualTo(node.nodeUuid().orElseThrow());
      assertThat(invoke(httpA, taskId, "through a").text()).isEqualTo("THROUGH A");

      // The node reports to replica A what ran through B: one history whoever is asked.
      eventually(
          () ->
              assertThat(
                      httpB
                          .get("/api/v1/tasks/" + taskId + "/executions")
                          .json()
                          .get("total_count")
                          .asInt())
                  .isEqualTo(2));
    }
  }

  @Test
  @Timeout(120)
  void aNodeGivenBothReplicasFailsOverWhenOneStopsAnswering() {
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir.resolve("unused"))
            .withNodeHeartbeatTimeout(Duration.ofSeconds(2))
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    SmsServer a = SmsServer.start(config);
    boolean aStopped = false;
    try (SmsServer b = SmsServer.start(config);
        SpearletServer node =
            SpearletServer.start(
                SpearletConfig.defaults().toBuilder()
                    .smsHttpAddr(a.httpAddr() + "," + b.httpAddr())
                    .bindHost("127.0.0.1")
                    .httpPort(0)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build())) {
      HttpTestClient httpB = new HttpTestClient(b.port());
      eventually(() -> assertThat(nodeStatus(httpB, node)).isEqualTo("online"));

      a.close();
      aStopped = true;
      long stoppedAt = System.currentTimeMillis() / 1000;

      // The module is downloaded after A stopped: from B.
      String fileId =
          httpB
              .post("/api/v1/files", Corpus.bytes("echo_upper.c.wasm"), Map.of())
              .json()
              .get("id")
              .asText();
      String taskId =
          httpB
              .postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\", \"uri\":"
                      + " \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();
      Answer answer = invoke(httpB, taskId, "after failover");
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo("AFTER FAILOVER");

      // Heartbeats go on through B past the timeout, so the node never turns offline.
      eventually(
          Duration.ofSeconds(30),
          () ->
              assertThat(node(httpB, node).get("last_heartbeat").asLong())
                  .isGreaterThan(stoppedAt + 2));
      assertThat(nodeStatus(httpB, node)).isEqualTo("online");
    } finally {
      if (!aStopped) {
        a.close();
      }
    }
  }

  @Test
  @Timeout(120)
  void aNodeRegisteredThroughOneReplicaIsUsedByTheOtherAtOnce() {
    // A clock that never moves: no cached view of the online nodes expires by age, so B can only
    // learn of the node that registers through A from A's change notification.
    InstantSource frozen = InstantSource.fixed(Instant.now());
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir.resolve("unused"))
            .withClock(frozen)
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    try (SmsServer a = SmsServer.start(config);
        SmsServer b = SmsServer.start(config)) {
      HttpTestClient httpB = new HttpTestClient(b.port());
      String fileId =
          httpB
              .post("/api/v1/files", Corpus.bytes("echo_upper.c.wasm"), Map.of())
              .json()
              .get("id")
              .asText();
      String taskId =
          httpB
              .postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\", \"uri\":"
                      + " \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();
      assertThat(invoke(httpB, taskId, "no node yet").status()).isEqualTo(503);

      try (SpearletServer node =
          SpearletServer.start(
              SpearletConfig.defaults().toBuilder()
                  .smsHttpAddr(a.httpAddr())
                  .bindHost("127.0.0.1")
                  .httpPort(0)
                  .heartbeatInterval(Duration.ofMillis(200))
                  .build())) {
        eventually(
            () -> {
              Answer answer = invoke(httpB, taskId, "now");
              assertThat(answer.status()).as(answer.text()).isEqualTo(200);
              assertThat(answer.text()).isEqualTo("NOW");
              assertThat(answer.header("X-Spear-Node")).isEqualTo(node.nodeUuid().orElseThrow());
            });
      }
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode node(
      HttpTestClient http, SpearletServer node) {
    return http.get("/api/v1/nodes/" + node.nodeUuid().orElseThrow()).json().get("node");
  }

  private static String nodeStatus(HttpTestClient http, SpearletServer node) {
    if (node.nodeUuid().isEmpty()) {
      return "unregistered";
    }
    return node(http, node).get("status").asText();
  }

  private static Answer invoke(HttpTestClient http, String taskId, String input) {
    return http.post(
        "/api/v1/tasks/" + taskId + "/invoke", input.getBytes(StandardCharsets.UTF_8), Map.of());
  }
}
