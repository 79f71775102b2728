package io.spear.cli.scaffold;

import io.spear.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs clang for wasm32-wasi in tests, skipping them (or failing on CI) where it is missing. */
final class Clang {
  private Clang() {}

  /** What a finished process printed and its exit code. */
  record Result(int exitCode, String output) {}

  /** Skips the calling test unless clang can build a WASI command here. */
  static void require(Path scratch) throws IOException, InterruptedException {
    boolean present = false;
    try {
      Path probe = Files.writeString(scratch.resolve("probe.c"), "int main(void){return 0;}\n");
      present =
          run(
                      scratch,
                      List.of(
                          "clang",
                          "--target=wasm32-wasi",
                          probe.toString(),
                          "-o",
                          scratch.resolve("probe.wasm").toString()))
                  .exitCode()
              == 0;
    } catch (IOException e) {
      // No clang on the PATH at all.
    }
    ExternalTools.require(present, "clang with the wasm32-wasi target (wasi-libc, lld)");
  }

  /** Runs a command in a directory and waits for it (at most two minutes). */
  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
