package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.api.TaskSpec;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.secret.SecretsKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list commands print SMS's JSON unbound, exactly as printing the bound answer would. */
class RawListingTest {

  @TempDir Path dir;

  private static String printed(Object answer) {
    StringWriter text = new StringWriter();
    Output.json(new PrintWriter(text), answer);
    return text.toString();
  }

  @Test
  void eachListPrintsWhatItsBoundAnswerPrints() throws Exception {
    try (SmsServer server =
        SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dir.resolve("data")))
            .secretsKey(SecretsKey.ofBase64(SecretsKey.generateBase64()))
            .start()) {
      listsMatch("http://127.0.0.1:" + server.port());
    }
  }

  private void listsMatch(String at) throws Exception {
    SmsClient sms = new SmsClient(at);
    Path module = dir.resolve("hello.wasm");
    Files.write(module, new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0});
    sms.uploadFile(module, "hello \"quoted\" é.wasm", Optional.empty());
    sms.registerTask(
        new TaskSpec(
            "hello",
            "a \u00e9 task",
            null,
            "",
            "greet",
            "",
            List.of("wasm"),
            Map.of("k", "v"),
            Map.of(),
            null));
    sms.putSecret("api-key", "s3cret", List.of("example.com"));

    assertThat(CliRun.of("tasks", "list", "--sms", at).out())
        .isEqualTo(printed(sms.listTasks(new TaskFilter(null, null, null, null, 100, 0))))
        .contains("\"greet\"");
    assertThat(CliRun.of("files", "list", "--sms", at).out())
        .isEqualTo(printed(sms.listFiles("", 100, 0)))
        .contains("quoted");
    assertThat(CliRun.of("executions", "list", "--sms", at).out())
        .isEqualTo(printed(sms.listExecutions(null, null, null, 100, 0)));
    assertThat(CliRun.of("secrets", "list", "--sms", at).out())
        .isEqualTo(printed(sms.listSecrets()))
        .contains("api-key");
  }

  @Test
  void anAnswerThatIsNotJsonIsAnErrorLine() {
    StringWriter out = new StringWriter();

    assertThatThrownBy(
            () -> Output.raw(new PrintWriter(out), "<html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("SMS answered something that is not JSON");
  }
}
