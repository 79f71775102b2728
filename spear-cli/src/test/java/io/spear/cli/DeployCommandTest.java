package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.cli.deploy.Deployer;
import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.corpus.Corpus;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear deploy}: a manifest deployed, deployed again, changed and pruned. */
class DeployCommandTest {

  private static final String TWO_FUNCTIONS =
      """
      app = "demo"

      [[functions]]
      name = "hello"
      module = "build/hello.wasm"
      args = ["world"]
      env = { GREETING = "hi" }

      [[functions]]
      name = "upper"
      module = "build/upper.wasm"
      endpoint = "upper"
      config = { "llm.backend" = "stub" }
      limits = { max_memory_pages = 64 }
      """;

  @TempDir Path dir;
  private SmsServer sms;
  private String address;
  private SmsClient client;

  @BeforeEach
  void start() throws Exception {
    sms =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dir.resolve("data")));
    address = "http://127.0.0.1:" + sms.port();
    client = new SmsClient(address);
    Files.createDirectories(dir.resolve("app/build"));
    Files.write(dir.resolve("app/build/hello.wasm"), Corpus.bytes("hello.c.wasm"));
    Files.write(dir.resolve("app/build/upper.wasm"), Corpus.bytes("echo_upper.c.wasm"));
    Files.writeString(dir.resolve("app/spear.toml"), TWO_FUNCTIONS);
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  private CliRun deploy(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("deploy", "-f", dir.resolve("app/spear.toml").toString(), "--sms", address));
    args.addAll(List.of(extra));
    CliRun run = spear(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run;
  }

  private Map<String, Task> tasks() {
    return client.listTasks(TaskFilter.all()).tasks().stream()
        .collect(Collectors.toMap(Task::name, Function.identity()));
  }

  @Test
  void aManifestDeployedTwiceChangesNothingTheSecondTime() {
    CliRun first = deploy();
    assertThat(first.out())
        .contains("uploaded   build/hello.wasm", "uploaded   build/upper.wasm")
        .contains("registered hello", "registered upper")
        .contains("demo: 2 uploaded, 2 registered, 0 updated, 0 unchanged, 0 removed");
    Map<String, Task> deployed = tasks();
    Task hello = deployed.get("hello");
    assertThat(hello.executable().args()).containsExactly("world");
    assertThat(hello.executable().env()).containsEntry("GREETING", "hi");
    assertThat(hello.metadata()).containsEntry(Deployer.APP_METADATA, "demo");
    assertThat(deployed.get("upper").endpoint()).isEqualTo("upper");
    assertThat(deployed.get("upper").config())
        .containsEntry("llm.backend", "stub")
        .containsEntry("max_memory_pages", "64");

    CliRun second = deploy();

    assertThat(second.out()).contains("demo: nothing changed").doesNotContain("uploaded");
    assertThat(tasks()).isEqualTo(deployed);
    assertThat(client.listFiles("", 100, 0).totalCount()).isEqualTo(2);
  }

  @Test
  void aChangedModuleIsUploadedAndItsFunctionUpdatedKeepingItsId() throws Exception {
    deploy();
    Map<String, Task> before = tasks();
    Files.write(dir.resolve("app/build/upper.wasm"), Corpus.bytes("exit_code.c.wasm"));

    CliRun run = deploy();

    assertThat(run.out())
        .contains("uploaded   build/upper.wasm", "updated    upper", "unchanged  hello")
        .contains("1 uploaded, 0 registered, 1 updated, 1 unchanged, 0 removed");
    Map<String, Task> after = tasks();
    assertThat(after.get("upper").taskId()).isEqualTo(before.get("upper").taskId());
    assertThat(after.get("upper").updatedAt()).isGreaterThan(before.get("upper").updatedAt());
    assertThat(after.get("upper").executable().uri())
        .isNotEqualTo(before.get("upper").executable().uri());
    assertThat(after.get("hello")).isEqualTo(before.get("hello"));
  }

  @Test
  void aFunctionLeftOutOfTheManifestIsKeptUnlessPruned() throws Exception {
    deploy();
    client.registerTask(
        TaskSpec.wasm(
            "not-of-this-app",
            new Executable(
                ExecutableType.WASM,
                "sms+file://127.0.0.1:1/x",
                "x.wasm",
                "",
                List.of(),
                Map.of())));
    Files.writeString(
        dir.resolve("app/spear.toml"),
        TWO_FUNCTIONS.substring(0, TWO_FUNCTIONS.indexOf("[[functions]]\nname = \"upper\"")));

    CliRun kept = deploy();
    assertThat(kept.out()).contains("kept       upper", "nothing changed");
    assertThat(tasks()).containsKeys("hello", "upper");

    CliRun pruned = deploy("--prune");
    assertThat(pruned.out()).contains("removed    upper", "0 updated, 1 unchanged, 1 removed");
    assertThat(tasks()).containsOnlyKeys("hello", "not-of-this-app");
  }

  @Test
  void aYamlManifestDeploysTheSameTasks() throws Exception {
    Files.writeString(
        dir.resolve("app/spear.yaml"),
        """
        app: demo
        functions:
          - name: hello
            module: build/hello.wasm
            args: [world]
            env: {GREETING: hi}
        """);
    CliRun run = spear("deploy", "-f", dir.resolve("app/spear.yaml").toString(), "--sms", address);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(tasks().get("hello").executable().args()).containsExactly("world");
  }

  @Test
  void aMalformedManifestIsAUsageErrorNamingTheProblem() throws Exception {
    Files.writeString(dir.resolve("app/spear.toml"), "[[functions]]\nname = \"x\"\n");
    CliRun run = spear("deploy", "-f", dir.resolve("app/spear.toml").toString(), "--sms", address);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("function 'x' needs a module");
    assertThat(spear("deploy", "-f", dir.resolve("none.toml").toString()).err())
        .contains("no manifest at");
  }
}
