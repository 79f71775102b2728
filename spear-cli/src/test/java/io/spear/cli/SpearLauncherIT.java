package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's promise, through the real {@code ./spear} launcher and the packaged jar. */
class SpearLauncherIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CORPUS = ROOT.resolve("spear-corpus/src/main/resources/corpus");

  @TempDir Path dir;
  private Process up;
  private int smsPort;

  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void startPlatform() throws Exception {
    smsPort = SpearProcess.freePort();
    int spearletPort = SpearProcess.freePort();
    up =
        new ProcessBuilder(
                ROOT.resolve("spear").toString(),
                "up",
                "--sms-port",
                Integer.toString(smsPort),
                "--spearlet-port",
                Integer.toString(spearletPort),
                "--data-dir",
                dir.resolve("data").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("up.log").toFile())
            .start();
    awaitHealthy(smsPort);
    awaitHealthy(spearletPort);
  }

  @AfterEach
  void stopPlatform() throws InterruptedException {
    up.destroy();
    if (!up.waitFor(20, TimeUnit.SECONDS)) {
      up.destroyForcibly();
    }
  }

  @Test
  @Timeout(180)
  void upThenRunWorksAsTheReadmeShows() throws Exception {
    Result hello =
        spear(
            "", "run", "--sms", sms(), CORPUS.resolve("hello.c.wasm").toString(), "--", "x", "y z");
    assertThat(hello.exitCode()).as(hello.err()).isZero();
    assertThat(hello.out()).contains("argv[0]=hello.c.wasm", "argv[1]=x", "argv[2]=y z");
    assertThat(hello.err()).contains("hello from stderr");

    Result upper =
        spear(
            "piped through\n",
            "run",
            "--sms",
            sms(),
            CORPUS.resolve("echo_upper.c.wasm").toString());
    assertThat(upper.exitCode()).isZero();
    assertThat(upper.out()).isEqualTo("PIPED THROUGH\n");

    Result exit =
        spear("", "run", "--sms", sms(), CORPUS.resolve("exit_code.c.wasm").toString(), "4");
    assertThat(exit.exitCode()).isEqualTo(4);
    assertThat(exit.out()).isEqualTo("exiting with 4\n");

    assertThat(spear("", "nodes", "list", "--sms", sms()).out()).contains("\"online\"");
  }

  @Test
  @Timeout(180)
  void registeredTasksCanBeInvokedAndTheirExecutionsShown() throws Exception {
    String fileId =
        json(spear(
                "",
                "files",
                "upload",
                "--sms",
                sms(),
                CORPUS.resolve("echo_upper.c.wasm").toString()))
            .get("id")
            .asText();
    String taskId =
        json(spear(
                "",
                "tasks",
                "register",
                "--sms",
                sms(),
                "--name",
                "upper",
                "--uri",
                "sms+file://" + fileId))
            .get("task_id")
            .asText();

    Result invoked = spear("", "invoke", taskId, "--sms", sms(), "--data", "abc");
    assertThat(invoked.exitCode()).as(invoked.err()).isZero();
    assertThat(invoked.out()).isEqualTo("ABC");

    Result async = spear("", "invoke", taskId, "--sms", sms(), "--data", "later", "--async");
    String executionId = json(async).get("execution_id").asText();
    eventually(
        () -> {
          Result shown = spear("", "executions", "get", executionId, "--sms", sms());
          assertThat(json(shown).get("status").asText()).isEqualTo("completed");
        });
  }

  private String sms() {
    return "http://127.0.0.1:" + smsPort;
  }

  private Result spear(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("spear").toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("spear " + String.join(" ", args)).isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static com.fasterxml.jackson.databind.JsonNode json(Result r) {
    assertThat(r.exitCode()).as(r.err()).isZero();
    return io.spear.model.json.Json.tree(r.out());
  }

  private void awaitHealthy(int port) {
    HttpTestClient http = new HttpTestClient(port);
    eventually(
        Duration.ofSeconds(120),
        () -> {
          if (!up.isAlive()) {
            throw new IllegalStateException("spear up exited early; see " + dir.resolve("up.log"));
          }
          assertThat(http.get("/health").status()).isEqualTo(200);
        });
  }
}
