package io.spear.spearlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time limit near {@code Long.MAX_VALUE}, asked for by a caller or registered by a node, once
 * made SMS hand its shared HTTP client a deadline it could not compute: the client's selector died
 * and every later invocation through SMS answered 503 until a restart. Every such number is now
 * refused at the edge with a 400 naming its bound, and invocations go on.
 */
@Timeout(60)
class TimeoutBoundsAttackTest {

  private static final String HUGE = "9223372036854775807";
  private static final String BOUND = "timeout_ms must be between 0 and 86400000 but was " + HUGE;

  @TempDir Path dataDir;

  @Test
  void aHugeTimeoutThroughEitherSmsRouteIsRefusedAndInvocationsGoOn() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      platform.addSpearlet();
      String taskId = platform.deploy("echo_upper.c.wasm");
      assertThat(invoke(platform, taskId, "").status()).isEqualTo(200);

      Answer raw = invoke(platform, taskId, "?timeout_ms=" + HUGE);
      Answer json =
          platform.smsHttp.postJson(
              "/api/v1/invocations",
              "{\"task_id\": \"%s\", \"timeout_ms\": %s}".formatted(taskId, HUGE));

      assertRefused(raw, BOUND);
      assertRefused(json, BOUND);
      assertStillInvokes(platform, taskId);
    }
  }

  @Test
  void aNodeCannotRegisterAHugeDefaultTimeout() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer real = platform.addSpearlet();
      String taskId = platform.deploy("echo_upper.c.wasm");
      String metadata = "{\"default_timeout_ms\": \"" + HUGE + "\"}";

      // A second "node" at the real node's address, whose default SMS would wait for.
      Answer registered =
          platform.smsHttp.postJson(
              "/api/v1/nodes",
              "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %d, \"metadata\": %s}"
                  .formatted(real.port(), metadata));
      Answer updated =
          platform.smsHttp.send(
              "PUT",
              "/api/v1/nodes/" + real.nodeUuid().orElseThrow(),
              ("{\"metadata\": " + metadata + "}").getBytes(StandardCharsets.UTF_8),
              Map.of("Content-Type", "application/json"));

      String bound = "metadata.default_timeout_ms must be between 1 and 86400000 but was " + HUGE;
      assertRefused(registered, bound);
      assertRefused(updated, bound);
      assertStillInvokes(platform, taskId);
    }
  }

  @Test
  void theSpearletRefusesTheSameValuesInTheSameWords() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer node = platform.addSpearlet();
      String taskId = platform.deploy("echo_upper.c.wasm");
      HttpTestClient spearlet = new HttpTestClient(node.port());

      Answer raw =
          spearlet.post("/invoke/" + taskId + "?timeout_ms=" + HUGE, new byte[0], Map.of());
      Answer json =
          spearlet.postJson(
              "/functions/execute",
              "{\"task_id\": \"%s\", \"timeout_ms\": %s}".formatted(taskId, HUGE));
      Answer tooLong =
          spearlet.post("/invoke/" + taskId + "?timeout_ms=86400001", new byte[0], Map.of());

      assertRefused(raw, BOUND);
      assertRefused(json, BOUND);
      assertRefused(tooLong, "timeout_ms must be between 0 and 86400000 but was 86400001");
    }
  }

  private static void assertRefused(Answer answer, String message) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).isEqualTo(message);
  }

  private static void assertStillInvokes(TestPlatform platform, String taskId) {
    for (int i = 0; i < 5; i++) {
      Answer answer = invoke(platform, taskId, "");
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }
    Answer json =
        platform.smsHttp.postJson("/api/v1/invocations", "{\"task_id\": \"" + taskId + "\"}");
    assertThat(json.status()).as(json.text()).isEqualTo(200);
    JsonNode health = platform.smsHttp.get("/health").json();
    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(health.get("forwarding").asText()).isEqualTo("ok");
  }

  private static Answer invoke(TestPlatform platform, String taskId, String query) {
    return platform.smsHttp.post(
        "/api/v1/tasks/" + taskId + "/invoke" + query,
        "hi".getBytes(StandardCharsets.UTF_8),
        Map.of());
  }
}
