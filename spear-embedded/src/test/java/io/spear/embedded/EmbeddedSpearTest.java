package io.spear.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import example.ReadmeExample;
import io.spear.client.InvocationAnswer;
import io.spear.corpus.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSpearTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void theReadmeExampleRunsAFunctionInProcess() throws Exception {
    Path module = Files.write(dir.resolve("hello.wasm"), Corpus.bytes("hello.c.wasm"));

    String output = ReadmeExample.run(module);

    assertThat(output).contains("argv[1]=from", "argv[2]=java");
  }

  @Test
  void theOperationsGuideShowsTheExampleVerbatim() throws Exception {
    String source =
        Files.readString(ROOT.resolve("spear-embedded/src/test/java/example/ReadmeExample.java"));
    String example =
        source.substring(
            source.indexOf("// README:begin\n") + "// README:begin\n".length(),
            source.indexOf("// README:end"));

    assertThat(Files.readString(ROOT.resolve("docs/operations.md")))
        .contains("```java\n" + example + "```\n");
  }

  @Test
  void aDataDirectoryKeepsTasksAcrossRestarts() throws Exception {
    Path module = Files.write(dir.resolve("upper.wasm"), Corpus.bytes("echo_upper.c.wasm"));
    String task;
    try (EmbeddedSpear spear = EmbeddedSpear.start(dir.resolve("data"))) {
      task = spear.deploy("upper", module, List.of());
    }
    try (EmbeddedSpear spear = EmbeddedSpear.start(dir.resolve("data"))) {
      InvocationAnswer answer = spear.invoke(task, "kept".getBytes(StandardCharsets.UTF_8));
      assertThat(answer.ok()).isTrue();
      assertThat(new String(answer.body().output(), StandardCharsets.UTF_8)).isEqualTo("KEPT");
    }
  }

  @Test
  void aTemporaryPlatformLeavesNothingBehind() throws Exception {
    Path module = Files.write(dir.resolve("hello.wasm"), Corpus.bytes("hello.c.wasm"));
    Set<Path> before = temporaryPlatforms();
    try (EmbeddedSpear spear = EmbeddedSpear.startTemporary()) {
      spear.deploy("hello", module, List.of());
      assertThat(spear.smsUrl()).startsWith("http://127.0.0.1:");
      assertThat(temporaryPlatforms()).hasSize(before.size() + 1);
    }
    assertThat(temporaryPlatforms()).isEqualTo(before);
  }

  private static Set<Path> temporaryPlatforms() throws Exception {
    try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("spear-embedded-"))
          .collect(Collectors.toSet());
    }
  }
}
