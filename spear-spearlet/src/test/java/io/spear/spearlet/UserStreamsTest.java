package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.streams.SsfFrame;
import io.spear.testing.HttpTestClient;
import io.spear.testing.WsTestClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Spearlet's WebSocket data plane with real sockets and guests. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserStreamsTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private SpearletServer spearlet;
  private HttpTestClient node;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    spearlet = platform.addSpearlet();
    node = new HttpTestClient(spearlet.port());
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  static byte[] frame(int streamId, String data) {
    return SsfFrame.build(streamId, SsfFrame.TYPE_DATA, 1, "{}", data);
  }

  private String startAsync(String taskId) {
    return node.postJson(
            "/functions/execute", "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId))
        .json()
        .get("execution_id")
        .asText();
  }

  private String ws(String executionId) {
    return "ws://127.0.0.1:%d/api/v1/executions/%s/streams/ws"
        .formatted(spearlet.port(), executionId);
  }

  private JsonNode awaitEnd(String executionId) {
    JsonNode[] last = new JsonNode[1];
    eventually(
        () -> {
          last[0] = node.get("/functions/executions/" + executionId).json();
          assertThat(last[0].get("status").asText()).isNotIn("pending", "running");
        });
    return last[0];
  }

  @Test
  void echoGuestAnswersTwoClientsAndEndsWhenTheLastDisconnects() throws Exception {
    String executionId = startAsync(platform.deploy("streams_probe.c.wasm", "echo"));

    // Connecting at once: frames sent before the guest listens are held, not refused.
    try (WsTestClient first = WsTestClient.connect(ws(executionId))) {
      first.send(frame(1, "hello"));
      assertThat(first.next()).isEqualTo(frame(1, "hello"));
      WsTestClient second = WsTestClient.connect(ws(executionId));
      second.send(frame(1, "second"));
      assertThat(second.next()).isEqualTo(frame(1, "second"));
      second.close();
      first.send(frame(1, "still"));
      assertThat(first.next()).isEqualTo(frame(1, "still"));
    }

    JsonNode done = awaitEnd(executionId);
    assertThat(done.get("status").asText()).isEqualTo("completed");
    String out =
        new String(
            java.util.Base64.getDecoder()
                .decode(
                    node.get("/functions/executions/" + executionId + "?include_output=true")
                        .json()
                        .get("output_base64")
                        .asText()),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(out).contains("connected stream=1 fd=1002", "connected stream=2", "session closed");
  }

  @Test
  void anInvalidFrameClosesTheSocketWithPolicyViolation() throws Exception {
    String executionId = startAsync(platform.deploy("streams_probe.c.wasm", "echo"));
    WsTestClient client = WsTestClient.connect(ws(executionId));
    client.send(frame(1, "ok"));
    assertThat(client.next()).isEqualTo(frame(1, "ok"));

    client.send(new byte[] {1, 2, 3});

    assertThat(client.closeCode(10)).isEqualTo(1008);
    assertThat(awaitEnd(executionId).get("status").asText()).isEqualTo("completed");
  }

  @Test
  void theGuestEndingClosesTheSocketNormally() throws Exception {
    String executionId = startAsync(platform.deploy("streams_probe.c.wasm", "small"));
    WsTestClient client = WsTestClient.connect(ws(executionId));
    byte[] sent = frame(9, "a frame longer than eight bytes");
    client.send(sent);

    assertThat(client.next()).isEqualTo(sent);
    assertThat(client.closeCode(10)).isEqualTo(1000);
  }

  @Test
  void unknownExecutionsAreRefusedBeforeTheUpgradeAndPlainGetsAskForOne() {
    Throwable refused = WsTestClient.refusal(ws("no-such-execution"));
    assertThat(refused).isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) refused).getResponse().statusCode()).isEqualTo(404);

    assertThat(node.get("/api/v1/executions/x/streams/ws").status()).isEqualTo(426);
  }

  @Test
  void metricsCountSocketsFramesAndBytes() throws Exception {
    String executionId = startAsync(platform.deploy("streams_probe.c.wasm", "echo"));
    try (WsTestClient client = WsTestClient.connect(ws(executionId))) {
      client.send(frame(1, "count me"));
      client.next();
      String metrics = node.get("/metrics").text();
      assertThat(metrics)
          .contains("spear_streams_sockets_open 1.0", "spear_streams_frames_in_total 1.0");
    }
    awaitEnd(executionId);
  }

  /** SPEAR's own sample, unmodified (skipped without the binaries; see SpearSamplesTest). */
  @Test
  void spearsUserStreamEchoSampleEchoesAndLogsSessionClosed() throws Exception {
    Path sample =
        Path.of(
            System.getProperty(
                "spear.samples.dir",
                System.getenv().getOrDefault("SPEAR_SAMPLES_DIR", "/tmp/spear-samples")),
            "user_stream_echo.wasm");
    Assumptions.assumeTrue(Files.isRegularFile(sample), "SPEAR sample not present");
    String fileId =
        platform
            .smsHttp
            .post(
                "/api/v1/files",
                Files.readAllBytes(sample),
                Map.of("X-File-Name", "user_stream_echo.wasm"))
            .json()
            .get("id")
            .asText();
    String executionId = startAsync(platform.registerSeedTask(fileId, List.of(), Map.of()));

    try (WsTestClient client = WsTestClient.connect(ws(executionId))) {
      byte[] hello = frame(1, "hello");
      client.send(hello);
      assertThat(client.next()).isEqualTo(hello);
    }

    JsonNode done = awaitEnd(executionId);
    assertThat(done.get("status").asText()).isEqualTo("completed");
    assertThat(done.get("log").asText())
        .contains("stream connected: stream_id=1 fd=1002", "session closed");
  }
}
