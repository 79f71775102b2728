package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.streams.SsfFrame;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.WsTestClient;
import io.spear.testing.platform.PlatformExtension;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stream session issued by one SMS replica is used on the other: tokens live in PostgreSQL. */
class SmsReplicasStreamsTest {

  @RegisterExtension
  final PlatformExtension platform = PlatformExtension.withNode().replicasOnPostgres(2);

  @Test
  @Timeout(120)
  void aSessionIssuedByOneReplicaConnectsThroughTheOtherOnceOnly() throws Exception {
    HttpTestClient httpA = platform.http(0);
    HttpTestClient httpNode = platform.nodeHttp(0);
    String taskId =
        platform.deploy(0, "echo", Corpus.bytes("streams_probe.c.wasm"), List.of("echo"));
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

    try (WsTestClient client =
        WsTestClient.connect("ws://127.0.0.1:" + platform.sms(1).port() + path)) {
      byte[] hello = SsfFrame.build(1, SsfFrame.TYPE_DATA, 1, "{}", "via replica b");
      client.send(hello);
      assertThat(client.next()).isEqualTo(hello);

      // Single use across replicas: the issuing replica refuses it now.
      Throwable refused = WsTestClient.refusal("ws://127.0.0.1:" + platform.sms(0).port() + path);
      assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) refused).getResponse().statusCode()).isEqualTo(401);
    }
  }
}
