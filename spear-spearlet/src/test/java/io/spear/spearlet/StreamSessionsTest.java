package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.WsTestClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SMS stream sessions: tokens, and the socket proxied to the node running the execution. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamSessionsTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private HttpTestClient node;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    node = new HttpTestClient(platform.addSpearlet().port());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private String startEcho() {
    String taskId = platform.deploy("streams_probe.c.wasm", "echo");
    return node.postJson(
            "/functions/execute", "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId))
        .json()
        .get("execution_id")
        .asText();
  }

  /** A session from SMS, once SMS knows the execution. */
  private JsonNode session(String executionId) {
    JsonNode[] body = new JsonNode[1];
    eventually(
        () -> {
          Answer answer =
              platform.smsHttp.postJson(
                  "/api/v1/executions/" + executionId + "/streams/session", "{}");
          assertThat(answer.status()).isEqualTo(200);
          body[0] = answer.json();
        });
    return body[0];
  }

  private static int refusedStatus(String url) {
    Throwable refused = WsTestClient.refusal(url);
    assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) refused).getResponse().statusCode();
  }

  @Test
  void echoThroughSmsWithTwoClientsAndADisconnect() throws Exception {
    String executionId = startEcho();
    JsonNode first = session(executionId);
    assertThat(first.get("execution_id").asText()).isEqualTo(executionId);
    assertThat(first.get("expires_in_ms").asLong()).isEqualTo(60_000);
    assertThat(first.get("ws_url").asText())
        .isEqualTo(
            "ws://127.0.0.1:%d/api/v1/executions/%s/streams/ws?token=%s"
                .formatted(platform.sms.port(), executionId, first.get("token").asText()));

    WsTestClient a = WsTestClient.connect(first.get("ws_url").asText());
    WsTestClient b = WsTestClient.connect(session(executionId).get("ws_url").asText());
    a.send(UserStreamsTest.frame(1, "from a"));
    b.send(UserStreamsTest.frame(1, "from b"));
    assertThat(a.next()).isEqualTo(UserStreamsTest.frame(1, "from a"));
    assertThat(b.next()).isEqualTo(UserStreamsTest.frame(1, "from b"));

    b.close();
    a.send(UserStreamsTest.frame(1, "a again"));
    assertThat(a.next()).isEqualTo(UserStreamsTest.frame(1, "a again"));
    a.close();

    eventually(
        () ->
            assertThat(
                    node.get("/functions/executions/" + executionId).json().get("status").asText())
                .isEqualTo("completed"));
    // Once it ended, SMS hands out no more sessions for it.
    eventually(
        () ->
            assertThat(
                    platform
                        .smsHttp
                        .postJson("/api/v1/executions/" + executionId + "/streams/session", "{}")
                        .status())
                .isEqualTo(409));
  }

  @Test
  void tokensAreRequiredSingleUseAndBoundToTheirExecution() throws Exception {
    String executionId = startEcho();
    String base =
        "ws://127.0.0.1:%d/api/v1/executions/%s/streams/ws".formatted(platform.sms.port(), "%s");
    String token = session(executionId).get("token").asText();

    assertThat(refusedStatus(base.formatted(executionId))).isEqualTo(401);
    assertThat(refusedStatus(base.formatted(executionId) + "?token=forged")).isEqualTo(401);
    assertThat(refusedStatus(base.formatted("other-execution") + "?token=" + token)).isEqualTo(403);
    // The forbidden attempt used the token up, as any attempt does.
    assertThat(refusedStatus(base.formatted(executionId) + "?token=" + token)).isEqualTo(401);

    String fresh = session(executionId).get("token").asText();
    try (WsTestClient client =
        WsTestClient.connect(base.formatted(executionId) + "?token=" + fresh)) {
      client.send(UserStreamsTest.frame(3, "ok"));
      assertThat(client.next()).isEqualTo(UserStreamsTest.frame(3, "ok"));
    }
    assertThat(refusedStatus(base.formatted(executionId) + "?token=" + fresh)).isEqualTo(401);
  }

  @Test
  void sessionsForUnknownExecutionsAreNotFound() {
    Answer answer = platform.smsHttp.postJson("/api/v1/executions/nope/streams/session", "{}");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().get("error").asText()).isEqualTo("EXECUTION_NOT_FOUND");
  }
}
