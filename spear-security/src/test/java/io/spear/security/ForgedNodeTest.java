package io.spear.security;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second node token ({@code node-b}, which registered no node) attacks the platform: it registers
 * a node of its own and replays what SMS sends it to the real Spearlet, writes the report and log
 * of an execution running on the real node, and tries to take the real node over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ForgedNodeTest {

  private static final int MAX_INVOCATIONS = 20;

  private SecuredPlatform platform;
  private String echoTask;

  @BeforeAll
  void start(@TempDir Path dir) {
    platform = SecuredPlatform.start(dir);
    echoTask = platform.deploy("echo_upper.c.wasm", List.of(), Map.of());
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  private Answer asNodeB(String method, String path, String json) {
    Map<String, String> headers = new LinkedHashMap<>(SecuredPlatform.bearer(platform.nodeBToken));
    headers.put("Content-Type", "application/json");
    byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    return platform.smsHttp.send(method, path, body, headers);
  }

  @Test
  void whatSmsSendsAForgedNodeCannotBeReplayedToTheRealSpearlet() {
    try (Listener forged = Listener.start("200 OK", "forged")) {
      Answer registered =
          asNodeB(
              "POST",
              "/api/v1/nodes",
              "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": %d}"
                  .formatted(forged.port()));
      if (registered.status() == 201) {
        String uuid = registered.json().get("node_uuid").asText();
        for (int i = 0; i < MAX_INVOCATIONS && forged.received().isEmpty(); i++) {
          platform.invokeThroughSms(echoTask, "secret-input-" + i);
        }
        asNodeB("DELETE", "/api/v1/nodes/" + uuid, null);
      } else {
        // Refusing the registration is one way to hold; then nothing can have been sent.
        assertThat(registered.status()).as(registered.text()).isIn(401, 403);
      }
      List<String> accepted = new ArrayList<>();
      for (String captured : forged.received()) {
        RawHttp.Reply replayed = RawHttp.replay(platform.spearlet.port(), captured);
        if (replayed.status() != 401 && replayed.status() != 403) {
          accepted.add(replayed.status() + " for " + captured.lines().findFirst().orElse(""));
        }
        String authorization = header(captured, "Authorization");
        if (authorization != null) {
          Map<String, String> stolen = Map.of("Authorization", authorization);
          RawHttp.Reply execute =
              RawHttp.send(
                  platform.spearlet.port(),
                  "POST",
                  "/functions/execute",
                  stolen,
                  "{\"task_id\": \"%s\", \"environment\": {\"INJECTED\": \"yes\"}}"
                      .formatted(echoTask));
          if (execute.status() != 401 && execute.status() != 403) {
            accepted.add(execute.status() + " for /functions/execute with the captured token");
          }
        }
      }
      assertThat(accepted).as("replays the real Spearlet accepted").isEmpty();
    }
  }

  private static String header(String captured, String name) {
    return captured
        .lines()
        .takeWhile(line -> !line.isEmpty())
        .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(line -> line.substring(name.length() + 1).trim())
        .findFirst()
        .orElse(null);
  }

  @Test
  void aNodeTokenCannotWriteTheReportOrLogOfAnExecutionOnAnotherNode() {
    String sleeper = platform.deploy("wasi_sleep.c.wasm", List.of("1500"), Map.of());
    String executionId = platform.startAsync(sleeper);
    String forgedLine =
        "{\"lines\": [{\"ts_ms\": 1, \"level\": \"info\", \"message\": \"FORGED by node-b\"}]}";
    String forgedRecord =
        """
        {"execution_id": "%s", "task_id": "%s", "status": "completed", "exit_code": 0,
         "log": "FORGED by node-b", "output_base64": "Rk9SR0VE"}"""
            .formatted(executionId, sleeper);

    Answer log = asNodeB("POST", "/api/v1/executions/" + executionId + "/logs", forgedLine);
    Answer report = asNodeB("PUT", "/api/v1/executions/" + executionId, forgedRecord);
    Answer batch =
        asNodeB("POST", "/api/v1/executions", "{\"executions\": [" + forgedRecord + "]}");

    assertThat(log.status()).as("log lines: " + log.text()).isIn(401, 403);
    assertThat(report.status()).as("report: " + report.text()).isIn(401, 403);
    // A batch may refuse as a whole or skip the forged record; either way it must not stick.
    assertThat(batch.status()).as("batch report: " + batch.text()).isIn(200, 401, 403);
    // The real report wins: the guest's own end, and no forged word anywhere in the record.
    eventually(
        () -> {
          JsonNode record = platform.execution(executionId);
          assertThat(record.path("status").asText()).isEqualTo("completed");
          assertThat(record.path("log").asText()).doesNotContain("FORGED");
        });
    String lines =
        platform
            .smsHttp
            .get("/api/v1/executions/" + executionId + "/logs", platform.as("viewer"))
            .text();
    assertThat(lines).doesNotContain("FORGED");
  }

  @Test
  void aNodeTokenCannotTakeOverTheRealNode() {
    String uuid = platform.nodeUuid();
    String node = "/api/v1/nodes/" + uuid;
    String elsewhere = "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1}";
    List<Answer> answers =
        List.of(
            asNodeB(
                "POST",
                "/api/v1/nodes",
                "{\"ip_address\": \"127.0.0.1\", \"port\": 1, \"http_port\": 1,"
                    + " \"node_uuid\": \"%s\"}".formatted(uuid)),
            asNodeB("PUT", node, elsewhere),
            asNodeB("POST", node + "/heartbeat", "{}"),
            asNodeB("PUT", node + "/resource", "{\"cpu_usage_percent\": 1}"),
            asNodeB("POST", node + "/reconcile", "{\"executions\": []}"),
            asNodeB("DELETE", node, null));
    assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.text()).isIn(401, 403));
    JsonNode real = platform.smsHttp.get(node, platform.as("viewer")).json().path("node");
    assertThat(real.path("http_port").asInt()).isEqualTo(platform.spearlet.port());
    assertThat(real.path("status").asText()).isEqualTo("online");
    assertThat(platform.invokeThroughSms(echoTask, "mine").text()).isEqualTo("MINE");
  }
}
