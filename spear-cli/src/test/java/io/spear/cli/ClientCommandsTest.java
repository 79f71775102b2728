package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import io.spear.testing.platform.PlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClientCommandsTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.smsOnly();

  record Run(int exitCode, String out, String err) {
    JsonNode json() {
      return Json.tree(out);
    }
  }

  private Run spear(String... args) {
    CommandLine cli = SpearCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void filesCanBeUploadedListedFetchedAndRemoved() throws Exception {
    Path module = dir.resolve("hello.wasm");
    Files.write(module, new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});

    Run upload = spear("files", "upload", module.toString(), "--sms", platform.address());
    assertThat(upload.exitCode()).as(upload.err()).isZero();
    String id = upload.json().get("id").asText();
    assertThat(upload.json().get("name").asText()).isEqualTo("hello.wasm");

    assertThat(
            spear("files", "list", "--sms", platform.address()).json().get("total_count").asInt())
        .isEqualTo(1);
    Path copy = dir.resolve("copy.wasm");
    assertThat(
            spear("files", "get", id, "-o", copy.toString(), "--sms", platform.address())
                .exitCode())
        .isZero();
    assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(module));
    assertThat(
            spear("files", "get", id, "--meta", "--sms", platform.address())
                .json()
                .get("len")
                .asInt())
        .isEqualTo(8);

    assertThat(spear("files", "rm", id, "--sms", platform.address()).exitCode()).isZero();
    Run missing = spear("files", "rm", id, "--sms", platform.address());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("FILE_NOT_FOUND");
  }

  @Test
  void uploadWithAWrongChecksumFailsWithTheServersCode() throws Exception {
    Path module = dir.resolve("m.wasm");
    Files.write(module, new byte[] {1, 2, 3});

    Run run =
        spear(
            "files",
            "upload",
            module.toString(),
            "--checksum",
            "00".repeat(32),
            "--sms",
            platform.address());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("400", "CHECKSUM_MISMATCH");
  }

  @Test
  void tasksCanBeRegisteredFromFlagsOrJsonListedShownAndRemoved() throws Exception {
    Run fromFlags =
        spear(
            "tasks",
            "register",
            "--name",
            "hello",
            "--uri",
            "sms+file://127.0.0.1:1/abc",
            "--arg",
            "x",
            "--env",
            "K=V",
            "--sms",
            platform.address());
    assertThat(fromFlags.exitCode()).as(fromFlags.err()).isZero();
    String id = fromFlags.json().get("task_id").asText();

    Path json = dir.resolve("task.json");
    Files.writeString(json, "{\"name\": \"from-file\", \"priority\": \"high\"}");
    assertThat(spear("tasks", "register", json.toString(), "--sms", platform.address()).exitCode())
        .isZero();

    JsonNode task = spear("tasks", "get", id, "--sms", platform.address()).json();
    assertThat(task.get("executable").get("name").asText()).isEqualTo("hello.wasm");
    assertThat(task.get("executable").get("args").get(0).asText()).isEqualTo("x");
    assertThat(task.get("executable").get("env").get("K").asText()).isEqualTo("V");
    assertThat(
            spear("tasks", "list", "--priority", "high", "--sms", platform.address())
                .json()
                .get("total_count")
                .asInt())
        .isEqualTo(1);
    assertThat(spear("tasks", "rm", id, "--sms", platform.address()).exitCode()).isZero();
    assertThat(
            spear("tasks", "list", "--sms", platform.address()).json().get("total_count").asInt())
        .isEqualTo(1);
  }

  @Test
  void registerWithoutJsonOrFlagsIsAUsageError() {
    Run run = spear("tasks", "register", "--sms", platform.address());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--name");
  }

  @Test
  void unreachableSmsIsReportedNotThrown() throws Exception {
    Run run = spear("files", "list", "--sms", "http://127.0.0.1:" + SpearProcess.freePort());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("UNREACHABLE");
  }
}
