package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An SMS process killed without shutdown loses nothing it acknowledged. */
class KilledSmsProcessTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(60)
  void acknowledgedFilesAndTasksSurviveAKill9() throws Exception {
    int port = SpearProcess.freePort();
    SpearProcess sms =
        SpearProcess.start(
            dataDir.resolve("sms.log"),
            "sms",
            "--host",
            "127.0.0.1",
            "--sms-port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString());
    byte[] module = new byte[200_000];
    new Random(7).nextBytes(module);
    String fileId;
    String taskId;
    try {
      HttpTestClient http = new HttpTestClient(port);
      sms.awaitHealthy(port);
      fileId =
          http.post("/api/v1/files", module, Map.of("X-File-Name", "m.wasm"))
              .json()
              .get("id")
              .asText();
      taskId =
          http.postJson(
                  "/api/v1/tasks",
                  "{\"name\": \"t\", \"executable\": {\"type\": \"wasm\", \"uri\": \"sms+file://"
                      + fileId
                      + "\"}}")
              .json()
              .get("task_id")
              .asText();
    } finally {
      sms.kill();
    }

    try (SmsServer restarted =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))) {
      HttpTestClient http = new HttpTestClient(restarted.port());
      assertThat(http.get("/api/v1/files/" + fileId).body()).isEqualTo(module);
      assertThat(http.get("/api/v1/tasks/" + taskId).json().get("executable").get("uri").asText())
          .isEqualTo("sms+file://" + fileId);
    }
  }
}
