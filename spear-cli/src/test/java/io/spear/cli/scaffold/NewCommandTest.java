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
  void eachTemplateWritesItsLanguagesSdkSourcesABuildScriptAndAManifestNamedAfterTheProject()
      throws Exception {
    for (GuestTemplate template : GuestTemplate.values()) {
      Path project = dir.resolve(template.id());

      CliRun run = spear("new", "demo", "-t", template.id(), "--dir", project.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      switch (template.language()) {
        case C -> {
          assertThat(project.resolve("spear.h")).hasBinaryContent(GuestSdk.cHeader());
          assertThat(project.resolve("main.c")).content().doesNotContain("{{name}}");
        }
        case RUST -> {
          for (String file : GuestSdk.RUST_FILES) {
            assertThat(project.resolve(GuestSdk.RUST_DIR + file))
                .hasBinaryContent(GuestSdk.resource(GuestSdk.RUST_RESOURCE + file));
          }
          assertThat(project.resolve("Cargo.toml")).content().contains("name = \"demo\"");
          assertThat(project.resolve("src/main.rs")).content().doesNotContain("{{name}}");
        }
        case ASSEMBLYSCRIPT -> {
          for (String file : GuestSdk.ASSEMBLYSCRIPT_FILES) {
            assertThat(project.resolve(GuestSdk.ASSEMBLYSCRIPT_DIR + file))
                .hasBinaryContent(GuestSdk.resource(GuestSdk.ASSEMBLYSCRIPT_RESOURCE + file));
          }
          assertThat(project.resolve("package.json")).content().contains("\"name\": \"demo\"");
          assertThat(project.resolve("main.ts")).content().doesNotContain("{{name}}");
        }
      }
      assertThat(project.resolve("build.sh")).isExecutable().content().contains("build/demo.wasm");
      assertThat(project.resolve("spear.toml"))
          .content()
          .contains("app = \"demo\"", "module = \"build/demo.wasm\"");
      assertThat(project.resolve(".gitignore")).content().startsWith("build/");
    }
  }

  @Test
  void theNextStepSaysHowToReachTheFunctionInvokedOrOnItsEndpoint() {
    CliRun hello = spear("new", "hi", "-t", "c-hello", "--dir", dir.resolve("hi").toString());
    CliRun agent = spear("new", "helper", "-t", "c-agent", "--dir", dir.resolve("a").toString());

    assertThat(hello.out()).contains("spear deploy && spear invoke hi");
    assertThat(agent.out())
        .doesNotContain("spear invoke")
        .contains("Chat page (endpoint helper)", "ws://127.0.0.1:8080/e/helper/ws");
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
