package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear up --log-format json}: every stderr line a JSON object, one per invocation. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JsonLogsTest {

  private static final String SECRET = "sk-never-in-a-log-7f3a";

  @TempDir Path dir;

  @Test
  void upWithJsonLogsWritesOnlyJsonLinesWithTheInvocationLineAtDebugAndNoSecret() throws Exception {
    int smsPort = SpearProcess.freePort();
    int nodePort = SpearProcess.freePort();
    Path config = dir.resolve("spearlet.yaml");
    Files.writeString(
        config,
        """
        llm:
          credentials: [{name: openai, kind: env, api_key_env: SPEAR_TEST_OPENAI_KEY}]
          backends:
            - {name: remote, kind: openai_chat_completion, base_url: http://127.0.0.1:9/v1,
               credential_ref: openai}
        """);
    Path stderr = dir.resolve("stderr.log");
    Process process =
        start(
            stderr,
            "up",
            "--log-format",
            "json",
            "--log-level",
            "debug",
            "--sms-port",
            Integer.toString(smsPort),
            "--spearlet-port",
            Integer.toString(nodePort),
            "--data-dir",
            dir.resolve("data").toString(),
            "--config",
            config.toString());
    try {
      HttpTestClient health = new HttpTestClient(smsPort);
      eventually(
          Duration.ofSeconds(60),
          () -> {
            assertThat(process.isAlive()).as("spear up exited early").isTrue();
            assertThat(health.get("/health").status()).isEqualTo(200);
          });
      SmsClient client = new SmsClient("http://127.0.0.1:" + smsPort);
      eventually(() -> assertThat(client.listNodes().nodes()).hasSize(1));
      Path module = Files.write(dir.resolve("hello.wasm"), Corpus.bytes("hello.c.wasm"));
      String fileId = client.uploadFile(module, "hello.wasm", Optional.empty()).id();
      String taskId =
          client
              .registerTask(
                  TaskSpec.wasm(
                      "hello",
                      new Executable(
                          ExecutableType.WASM,
                          "sms+file://" + fileId,
                          "hello.wasm",
                          null,
                          List.of(),
                          java.util.Map.of())))
              .taskId();
      InvocationAnswer answer =
          client.invoke(InvocationRequest.of(taskId, new byte[0]), Duration.ofSeconds(30));
      assertThat(answer.ok()).as(answer.toString()).isTrue();

      eventually(
          () -> assertThat(Files.readString(stderr)).contains("invocation task_id=" + taskId));
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stderr)) {
      if (!line.isBlank()) {
        try {
          lines.add(json.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
      }
    }
    assertThat(lines).allSatisfy(line -> assertThat(line.isObject()).isTrue());
    assertThat(lines)
        .anySatisfy(
            line -> {
              assertThat(line.get("level").asText()).isEqualTo("DEBUG");
              assertThat(line.get("loggerName").asText())
                  .isEqualTo("io.spear.spearlet.invocations");
              assertThat(line.get("formattedMessage").asText()).contains("status=completed");
            });
    assertThat(Files.readString(stderr)).doesNotContain(SECRET);
  }

  private static Process start(Path stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // As the jar's manifest does: no JVM warning about SQLite's native library on stderr.
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpearCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    builder.environment().put("SPEAR_TEST_OPENAI_KEY", SECRET);
    builder.environment().remove("SPEAR_LOG_FORMAT");
    builder.environment().remove("SPEAR_LOG_LEVEL");
    return builder.start();
  }
}
