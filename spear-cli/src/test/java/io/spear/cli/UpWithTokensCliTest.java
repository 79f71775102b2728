package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.http.auth.Role;
import io.spear.http.auth.TokenRegistry;
import io.spear.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against {@code spear up --token-file} (its own process): with {@code --token} a user
 * uploads, registers, invokes (also in the background) and reads the execution; without one each
 * command fails clearly.
 */
class UpWithTokensCliTest {

  @TempDir Path dir;

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  private static JsonNode json(CliRun run) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isZero();
    return Json.mapper().readTree(run.out());
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void theCliWorksWithATokenAgainstSpearUpWithATokenFile() throws Exception {
    String user = TokenRegistry.generateToken();
    Path tokenFile = dir.resolve("tokens.yaml");
    Files.writeString(tokenFile, TokenRegistry.fileEntry("operator", Role.USER, user));
    Path module = Files.write(dir.resolve("echo_upper.c.wasm"), Corpus.bytes("echo_upper.c.wasm"));
    int smsPort = SpearProcess.freePort();
    int spearletPort = SpearProcess.freePort();
    try (SpearProcess up =
        SpearProcess.start(
            dir.resolve("up.log"),
            "up",
            "--sms-port",
            Integer.toString(smsPort),
            "--spearlet-port",
            Integer.toString(spearletPort),
            "--data-dir",
            dir.resolve("data").toString(),
            "--token-file",
            tokenFile.toString())) {
      up.awaitHealthy(smsPort);
      up.awaitHealthy(spearletPort);
      String sms = "http://127.0.0.1:" + smsPort;

      CliRun anonymous = spear("files", "upload", module.toString(), "--sms", sms);
      assertThat(anonymous.exitCode()).isEqualTo(1);
      assertThat(anonymous.err()).contains("UNAUTHENTICATED", "--token");

      String fileId =
          json(spear("files", "upload", module.toString(), "--sms", sms, "--token", user))
              .get("id")
              .asText();
      String taskId =
          json(spear(
                  "tasks",
                  "register",
                  "--sms",
                  sms,
                  "--token",
                  user,
                  "--name",
                  "upper",
                  "--uri",
                  "sms+file://" + fileId))
              .get("task_id")
              .asText();
      eventually(
          () -> {
            CliRun invoked =
                spear("invoke", taskId, "--sms", sms, "--token", user, "--data", "with a token");
            // The guest's stdout goes to the process's own stdout; its exit code is the CLI's.
            assertThat(invoked.exitCode()).as(invoked.err()).isZero();
          });
      assertThat(spear("invoke", taskId, "--sms", sms, "--data", "x").err())
          .contains("UNAUTHENTICATED");
      String executionId =
          json(spear("invoke", taskId, "--sms", sms, "--token", user, "--data", "x", "--async"))
              .get("execution_id")
              .asText();
      eventually(
          () ->
              assertThat(
                      json(spear("executions", "get", executionId, "--sms", sms, "--token", user))
                          .get("status")
                          .asText())
                  .isEqualTo("completed"));
    }
  }
}
