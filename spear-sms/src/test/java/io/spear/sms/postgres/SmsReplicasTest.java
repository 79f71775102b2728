package io.spear.sms.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two SMS replicas on one PostgreSQL database give the same answers whichever is asked. */
class SmsReplicasTest {

  @TempDir Path dataDir;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private SmsServer a;
  private SmsServer b;
  private HttpTestClient httpA;
  private HttpTestClient httpB;

  @BeforeEach
  void startTwoReplicas() {
    InstantSource clock = now::get;
    SmsConfig config =
        SmsConfig.defaults()
            .withHost("127.0.0.1")
            .withPort(0)
            // Unused with a database URL; a replica must not write here.
            .withDataDir(dataDir.resolve("unused"))
            .withNodeHeartbeatTimeout(Duration.ofSeconds(90))
            .withClock(clock)
            .withDatabase(Optional.of(PostgresUrl.parse(TestPostgres.newDatabase())));
    a = SmsServer.start(config);
    b = SmsServer.start(config);
    httpA = new HttpTestClient(a.port());
    httpB = new HttpTestClient(b.port());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void aFileUploadedToOneReplicaIsDownloadedFromTheOtherAndDeletedEverywhere() {
    byte[] module = new byte[1_500_000];
    new Random(3).nextBytes(module);
    Answer upload = httpA.post("/api/v1/files", module, Map.of("X-File-Name", "big.wasm"));
    assertThat(upload.status()).isEqualTo(201);
    String id = upload.json().get("id").asText();

    Answer download = httpB.get("/api/v1/files/" + id);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(module);
    assertThat(httpB.get("/api/v1/files/" + id + "/meta").json().get("name").asText())
        .isEqualTo("big.wasm");
    assertThat(httpB.get("/api/v1/files").json().get("total_count").asInt()).isEqualTo(1);

    assertThat(httpB.delete("/api/v1/files/" + id).status()).isEqualTo(200);
    assertThat(httpA.get("/api/v1/files/" + id).status()).isEqualTo(404);
    assertThat(dataDir.resolve("unused")).doesNotExist();
  }

  @Test
  void aTaskRegisteredOnOneReplicaIsReadThroughTheOtherAndItsEndpointIsTakenOnBoth() {
    Answer registered =
        httpA.postJson("/api/v1/tasks", "{\"name\": \"echo\", \"endpoint\": \"echo\"}");
    assertThat(registered.status()).isEqualTo(201);
    String taskId = registered.json().get("task_id").asText();

    JsonNode task = httpB.get("/api/v1/tasks/" + taskId).json();
    assertThat(task.get("name").asText()).isEqualTo("echo");
    assertThat(
            httpB.postJson("/api/v1/tasks", "{\"name\": \"x\", \"endpoint\": \"echo\"}").status())
        .isEqualTo(409);
  }

  @Test
  void aNodeRegisteredOnOneReplicaHeartbeatsThroughTheOther() {
    String uuid = registerNode(httpA);
    now.updateAndGet(t -> t.plusSeconds(30));
    assertThat(
            httpB
                .postJson(
                    "/api/v1/nodes/" + uuid + "/heartbeat", "{\"health_info\": {\"in_flight\": 2}}")
                .status())
        .isEqualTo(200);
    JsonNode node = httpA.get("/api/v1/nodes/" + uuid).json().get("node");
    assertThat(node.get("last_heartbeat").asLong()).isEqualTo(now.get().getEpochSecond());
  }

  @Test
  void silentNodesAreMarkedOfflineOnceNotOncePerReplica() {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      uuids.add(registerNode(i % 2 == 0 ? httpA : httpB));
    }
    now.updateAndGet(t -> t.plusSeconds(120));

    // Both replicas sweep at the same moment, as their monitors do.
    CompletableFuture<Integer> sweepA = CompletableFuture.supplyAsync(a::checkNodeLiveness);
    CompletableFuture<Integer> sweepB = CompletableFuture.supplyAsync(b::checkNodeLiveness);
    int marked = sweepA.join() + sweepB.join();

    // Each node changes state once: separate stores would count every node twice (40). The
    // replicas' own periodic sweeps may have marked some first, hence at most.
    assertThat(marked).isLessThanOrEqualTo(uuids.size());
    for (String uuid : uuids) {
      assertThat(httpB.get("/api/v1/nodes/" + uuid).json().get("node").get("status").asText())
          .isEqualTo("offline");
    }
    assertThat(a.checkNodeLiveness() + b.checkNodeLiveness()).isZero();
  }

  @Test
  void aLateReportThroughOneReplicaNeverUndoesAnEndThroughTheOther() {
    String completed = "{\"execution_id\": \"e1\", \"task_id\": \"t\", \"status\": \"completed\"}";
    String running = "{\"execution_id\": \"e1\", \"task_id\": \"t\", \"status\": \"running\"}";
    assertThat(httpA.send("PUT", "/api/v1/executions/e1", completed.getBytes(), json()).status())
        .isEqualTo(200);
    httpB.send("PUT", "/api/v1/executions/e1", running.getBytes(), json());

    assertThat(httpB.get("/api/v1/executions/e1").json().toString()).contains("\"completed\"");
  }

  private static Map<String, String> json() {
    return Map.of("Content-Type", "application/json");
  }

  private static String registerNode(HttpTestClient http) {
    Answer answer =
        http.postJson(
            "/api/v1/nodes",
            "{\"ip_address\": \"10.0.0.7\", \"port\": 50052, \"http_port\": 8081}");
    assertThat(answer.status()).isEqualTo(201);
    return answer.json().get("node_uuid").asText();
  }
}
