package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.client.TaskFilter;
import io.spear.corpus.Corpus;
import io.spear.model.api.FileInfo;
import io.spear.testing.platform.PlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What run and deploy create they clean up; spear files prune removes what nothing uses. */
@Timeout(120)
class CleanUpTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.withNode();

  private Path corpus(String name) throws Exception {
    Path module = dir.resolve(name);
    Files.write(module, Corpus.bytes(name));
    return module;
  }

  private List<FileInfo> files() {
    return platform.client().listFiles("", 100, 0).files();
  }

  private long tasks() {
    return platform.client().listTasks(TaskFilter.all()).totalCount();
  }

  @Test
  void aRunOnThePlatformLeavesNoFileOrTaskUnlessKept() throws Exception {
    Path hello = corpus("hello.c.wasm");

    CliRun run = CliRun.of("run", "--sms", platform.address(), "--no-stdin", hello.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("argv[0]=hello.c.wasm");
    assertThat(files()).isEmpty();
    assertThat(tasks()).isZero();

    CliRun kept =
        CliRun.of("run", "--sms", platform.address(), "--no-stdin", "--keep", hello.toString());
    assertThat(kept.exitCode()).isZero();
    assertThat(kept.err()).contains("spear: kept task ");
    assertThat(files()).hasSize(1);
    assertThat(tasks()).isEqualTo(1);
  }

  @Test
  void standaloneOnlyOptionsAgainstAPlatformAreAnErrorNotIgnored() throws Exception {
    Path hello = corpus("hello.c.wasm");

    CliRun run =
        CliRun.of(
            "run",
            "--sms",
            platform.address(),
            "--no-stdin",
            "--dir",
            dir.toString(),
            hello.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("--dir applies to a standalone run only", "--standalone");
    assertThat(files()).isEmpty();
  }

  @Test
  void aRedeployRemovesTheModuleFileItReplacedOnceNoTaskUsesIt() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app/build"));
    Files.write(app.resolve("hello.wasm"), Corpus.bytes("hello.c.wasm"));
    Path manifest = dir.resolve("app/spear.toml");
    Files.writeString(
        manifest,
        "app = \"demo\"\n[[functions]]\nname = \"hello\"\nmodule = \"build/hello.wasm\"\n");
    assertThat(
            CliRun.of("deploy", "-f", manifest.toString(), "--sms", platform.address()).exitCode())
        .isZero();
    String first = files().getFirst().id();

    Files.write(app.resolve("hello.wasm"), Corpus.bytes("echo_upper.c.wasm"));
    CliRun redeploy = CliRun.of("deploy", "-f", manifest.toString(), "--sms", platform.address());

    assertThat(redeploy.exitCode()).as(redeploy.err()).isZero();
    assertThat(redeploy.out()).contains("removed    old module file " + first);
    assertThat(files()).hasSize(1).noneMatch(f -> f.id().equals(first));
  }

  @Test
  void filesPruneRemovesOnlyFilesNoTaskUsesAndDryRunOnlyLists() throws Exception {
    String used =
        platform.client().uploadFile(corpus("hello.c.wasm"), "used", Optional.empty()).id();
    platform
        .client()
        .registerTask(
            TasksCommand.Register.wasmTask(
                "hello", "sms+file://" + used, List.of(), Map.of(), Map.of()));
    String unused =
        platform.client().uploadFile(corpus("echo_upper.c.wasm"), "unused", Optional.empty()).id();

    CliRun dry = CliRun.of("files", "prune", "--dry-run", "--sms", platform.address());
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would remove " + unused).doesNotContain(used);
    assertThat(files()).hasSize(2);

    CliRun prune = CliRun.of("files", "prune", "--sms", platform.address());
    assertThat(prune.out()).contains("removed " + unused, "1 file(s) removed");
    assertThat(files()).extracting(FileInfo::id).containsExactly(used);
    assertThat(CliRun.of("files", "prune", "--sms", platform.address()).out())
        .contains("nothing to prune");
  }

  @Test
  void aRunGetsTheEnvOfTheManifestFunctionWhoseModuleItIs() throws Exception {
    Path app = Files.createDirectories(dir.resolve("chat/build"));
    Files.write(app.resolve("chat.wasm"), Corpus.bytes("hello.c.wasm"));
    Files.writeString(
        dir.resolve("chat/spear.toml"),
        "[[functions]]\nname = \"chat\"\nmodule = \"build/chat.wasm\"\n"
            + "env = { MODEL = \"from-manifest\", KEEP = \"yes\" }\n");

    CliRun run =
        CliRun.of(
            "run",
            "--standalone",
            "--no-stdin",
            "--env",
            "KEEP=overridden",
            app.resolve("chat.wasm").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("env MODEL=from-manifest", "env KEEP=overridden");
  }
}
