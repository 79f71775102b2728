package io.spear.cli.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear new} without a compiler: what it writes and what it refuses. */
class NewCommandTest {

  @TempDir Path dir;

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  @Test
  void eachTemplateWritesTheHeaderSourcesABuildScriptAndAManifestNamedAfterTheProject()
      throws Exception {
    for (GuestTemplate template : GuestTemplate.values()) {
      Path project = dir.resolve(template.id());

      CliRun run = spear("new", "demo", "-t", template.id(), "--dir", project.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(project.resolve("spear.h")).hasBinaryContent(GuestSdk.cHeader());
      assertThat(project.resolve("main.c")).content().doesNotContain("{{name}}");
      assertThat(project.resolve("build.sh")).isExecutable().content().contains("build/demo.wasm");
      assertThat(project.resolve("spear.toml"))
          .content()
          .contains("app = \"demo\"", "module = \"build/demo.wasm\"");
      assertThat(project.resolve(".gitignore")).hasContent("build/");
    }
  }

  @Test
  void aNewProjectNeverOverwritesFilesAndBadNamesOrTemplatesAreUsageErrors() throws Exception {
    Path taken = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(taken.resolve("main.c"), "mine");

    assertThat(spear("new", "taken", "--dir", taken.toString()).exitCode()).isEqualTo(2);
    assertThat(taken.resolve("main.c")).hasContent("mine");
    CliRun badName = spear("new", "9lives", "--dir", dir.resolve("x").toString());
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err()).contains("bad name");
    CliRun badTemplate = spear("new", "ok", "-t", "rust", "--dir", dir.resolve("y").toString());
    assertThat(badTemplate.exitCode()).isEqualTo(2);
    assertThat(badTemplate.err()).contains("c-hello, c-chat, c-stream");
  }
}
