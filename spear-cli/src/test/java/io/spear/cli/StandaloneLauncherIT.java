package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./spear run} with no platform running: the module runs in the command's own process. */
class StandaloneLauncherIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CORPUS = ROOT.resolve("spear-corpus/src/main/resources/corpus");

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  @Test
  @Timeout(300)
  void runWithNoPlatformRunsTheModuleInProcessWithItsOutputAndExitCode() throws Exception {
    Result hello = spear("run", CORPUS.resolve("hello.c.wasm").toString(), "--", "x", "y z");
    assertThat(hello.exitCode()).as(hello.err()).isZero();
    assertThat(hello.out()).contains("argv[0]=hello.c.wasm", "argv[1]=x", "argv[2]=y z");
    assertThat(hello.err()).isEqualTo("hello from stderr\n");

    Result exit = spear("run", CORPUS.resolve("exit_code.c.wasm").toString(), "--", "5");
    assertThat(exit.exitCode()).isEqualTo(5);
    assertThat(exit.out()).isEqualTo("exiting with 5\n");
  }

  private Result spear(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("spear").toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(new File("/dev/null"))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    // No platform at the address the command probes: port 1 refuses at once.
    builder.environment().put("SPEAR_SMS", "http://127.0.0.1:1");
    Process process = builder.start();
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("spear " + String.join(" ", args) + " did not finish");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
