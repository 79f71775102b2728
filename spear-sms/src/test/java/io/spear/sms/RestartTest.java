package io.spear.sms;

import static io.spear.sms.FilesApiTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {

  @TempDir Path dataDir;

  @Test
  void filesTasksAndNodesSurviveARestartOnTheSameDataDirectory() {
    byte[] bytes = randomBytes(123_456);
    String fileId;
    String taskId;
    String nodeId;
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      fileId =
          sms.http
              .post("/api/v1/files", bytes, Map.of("X-File-Name", "m.wasm"))
              .json()
              .get("id")
              .asText();
      taskId =
          sms.http
              .postJson("/api/v1/tasks", TasksApiTest.seedTask("sms+file://" + fileId))
              .json()
              .get("task_id")
              .asText();
      nodeId =
          sms.http
              .postJson("/api/v1/nodes", "{\"ip_address\": \"127.0.0.1\", \"port\": 1}")
              .json()
              .get("node_uuid")
              .asText();
    }

    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertThat(sms.http.get("/api/v1/files/" + fileId).body()).isEqualTo(bytes);
      assertThat(sms.http.get("/api/v1/files/" + fileId + "/meta").json().get("name").asText())
          .isEqualTo("m.wasm");
      JsonNode task = sms.http.get("/api/v1/tasks/" + taskId).json();
      assertThat(task.get("executable").get("uri").asText()).isEqualTo("sms+file://" + fileId);
      assertThat(sms.http.get("/api/v1/nodes/" + nodeId).status()).isEqualTo(200);
    }
  }
}
