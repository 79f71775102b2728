package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An SMS process killed without shutdown loses nothing it acknowledged. */
class KilledSmsProcessTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(60)
  void acknowledgedFilesAndTasksSurviveAKill9() throws Exception {
    int port = freePort();
    Process sms = startSmsProcess(port);
    byte[] module = new byte[200_000];
    new Random(7).nextBytes(module);
    String fileId;
    String taskId;
    try {
      HttpTestClient http = new HttpTestClient(port);
      awaitHealthy(http, sms);
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
      sms.destroyForcibly(); // SIGKILL: no shutdown hook runs
      sms.waitFor(10, TimeUnit.SECONDS);
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

  private Process startSmsProcess(int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpearCli.class.getName());
    command.addAll(
        List.of(
            "sms",
            "--host",
            "127.0.0.1",
            "--sms-port",
            Integer.toString(port),
            "--data-dir",
            dataDir.toString()));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("sms.log").toFile())
        .start();
  }

  private static void awaitHealthy(HttpTestClient http, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("SMS process exited early").isTrue();
      try {
        if (http.get("/health").status() == 200) {
          return;
        }
      } catch (RuntimeException notYetListening) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("SMS did not become healthy in time");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
