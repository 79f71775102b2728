package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.model.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.postgres.PostgresUrl;
import io.spear.spearlet.SpearletServer;
import io.spear.streams.SsfFrame;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.TestPostgres;
import io.spear.testing.WsTestClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A stream session issued by one SMS replica is used on the other: tokens live in PostgreSQL. */
class SmsReplicasStreamsTest {

  @TempDir Path dir;

  @Test
  @Timeout(120)
  void aSessionIssuedByOneReplicaConnectsThroughTheOtherOnceOnly() throws Exception {
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
      HttpTestClient httpNode = new HttpTestClient(node.port());
      eventually(
          () ->
              assertThat(httpB.get("/api/v1/nodes?status=online").json().get("total_count").asInt())
                  .isEqualTo(1));
      String fileId =
          httpA
              .post("/api/v1/files", Corpus.bytes("streams_probe.c.wasm"), Map.of())
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
                      + "\", \"args\": [\"echo\"]}}")
              .json()
              .get("task_id")
              .asText();
      String executionId =
          httpNode
              .postJson(
                  "/functions/execute",
                  "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId))
              .json()
              .get("execution_id")
              .asText();

      JsonNode[] session = new JsonNode[1];
      eventually(
          () -> {
            Answer answer =
                httpA.postJson("/api/v1/executions/" + executionId + "/streams/session", "{}");
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            session[0] = answer.json();
          });
      String token = session[0].get("token").asText();
      String path = "/api/v1/executions/" + executionId + "/streams/ws?token=" + token;

      try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + b.port() + path)) {
        byte[] hello = SsfFrame.build(1, SsfFrame.TYPE_DATA, 1, "{}", "via replica b");
        client.send(hello);
        assertThat(client.next()).isEqualTo(hello);

        // Single use across replicas: the issuing replica refuses it now.
        Throwable refused = WsTestClient.refusal("ws://127.0.0.1:" + a.port() + path);
        assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused).getResponse().statusCode())
            .isEqualTo(401);
      }
    }
  }
}
