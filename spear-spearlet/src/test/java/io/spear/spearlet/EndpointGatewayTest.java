package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.WsTestClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /e/{endpoint}/ws} on SMS: start or attach, and bridge. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndpointGatewayTest {

  @TempDir Path dataDir;
  private TestPlatform platform;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    platform.addSpearlet();
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private String gateway(String endpoint) {
    return "ws://127.0.0.1:%d/e/%s/ws".formatted(platform.sms.port(), endpoint);
  }

  private String registerEchoEndpoint(String endpoint) {
    String fileId = platform.upload("streams_probe.c.wasm");
    return platform
        .smsHttp
        .postJson(
            "/api/v1/tasks",
            """
            {"name": "echo", "endpoint": "%s", "version": "1",
             "config": {"stream.timeout_ms": "90000"},
             "executable": {"type": "wasm", "uri": "smsfile://%s", "args": ["echo"]}}
            """
                .formatted(endpoint, fileId))
        .json()
        .get("task_id")
        .asText();
  }

  private long runningExecutions(String taskId) {
    var executions =
        platform.smsHttp.get("/api/v1/tasks/" + taskId + "/executions").json().get("executions");
    long running = 0;
    for (var e : executions) {
      if (List.of("pending", "running").contains(e.get("status").asText())) {
        running++;
      }
    }
    return running;
  }

  @Test
  void theFirstClientStartsTheTaskAndASecondAttachesToTheSameExecution() throws Exception {
    String taskId = registerEchoEndpoint("Echo-GW");

    WsTestClient first = WsTestClient.connect(gateway("echo-gw"), "ssf.v1");
    assertThat(first.subprotocol()).isEqualTo("ssf.v1");
    first.send(UserStreamsTest.frame(1, "one"));
    assertThat(first.next()).isEqualTo(UserStreamsTest.frame(1, "one"));
    eventually(() -> assertThat(runningExecutions(taskId)).isEqualTo(1));

    WsTestClient second = WsTestClient.connect(gateway("ECHO-GW"), "ssf.v1");
    second.send(UserStreamsTest.frame(1, "two"));
    assertThat(second.next()).isEqualTo(UserStreamsTest.frame(1, "two"));
    assertThat(
            platform
                .smsHttp
                .get("/api/v1/tasks/" + taskId + "/executions")
                .json()
                .get("total_count")
                .asLong())
        .isEqualTo(1);

    // One client disconnecting leaves the other's streams working.
    first.close();
    second.send(UserStreamsTest.frame(1, "three"));
    assertThat(second.next()).isEqualTo(UserStreamsTest.frame(1, "three"));
    second.close();
    eventually(() -> assertThat(runningExecutions(taskId)).isZero());
  }

  @Test
  void badAndUnknownEndpointsAreRefusedBeforeTheUpgrade() {
    assertThat(status(gateway("no%20spaces"))).isEqualTo(400);
    assertThat(status(gateway("nobody-has-this"))).isEqualTo(404);
  }

  private static int status(String url) {
    Throwable refused = WsTestClient.refusal(url);
    assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) refused).getResponse().statusCode();
  }
}
