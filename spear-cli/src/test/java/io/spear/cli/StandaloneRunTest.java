package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear run} without a platform: the module runs in this process, as a node runs it. */
class StandaloneRunTest {

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  private Result run(
      String fixture, List<String> args, List<String> dirs, Duration timeout, String input)
      throws Exception {
    Path module = dir.resolve(fixture);
    Files.write(module, Corpus.bytes(fixture));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new StandaloneRun(
                module,
                args,
                Map.of("GREETING", "hi"),
                dirs,
                timeout,
                Optional.empty(),
                Optional.of(dir.resolve("cache")))
            .run(
                input.getBytes(StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helloPrintsItsArgumentsAndEnvironmentAndExitsZero() throws Exception {
    Result hello = run("hello.c.wasm", List.of("a", "b c"), List.of(), Duration.ofSeconds(30), "");

    assertThat(hello.exitCode()).isZero();
    assertThat(hello.out()).contains("argv[0]=hello.c.wasm", "argv[1]=a", "argv[2]=b c");
    assertThat(hello.out()).contains("env GREETING=hi");
    assertThat(hello.err()).contains("hello from stderr");
  }

  @Test
  void stdinReachesTheGuestAndItsExitCodeIsTheCommands() throws Exception {
    assertThat(run("echo_upper.c.wasm", List.of(), List.of(), Duration.ofSeconds(30), "abc").out())
        .isEqualTo("ABC");
    Result exit = run("exit_code.c.wasm", List.of("7"), List.of(), Duration.ofSeconds(30), "");
    assertThat(exit.exitCode()).isEqualTo(7);
    assertThat(exit.out()).contains("exiting with 7");
  }

  @Test
  void withoutSmsTheKvCallsAnswerEioAndSayWhy() throws Exception {
    Result counter = run("kv_counter.c.wasm", List.of(), List.of(), Duration.ofSeconds(30), "");

    assertThat(counter.exitCode()).isEqualTo(1);
    assertThat(counter.out()).isEqualTo("get failed: -5\n");
    assertThat(counter.err()).contains("kv_get: this node has no key-value store (-5)");
  }

  @Test
  void aDirectoryIsPreopenedOnlyWhenGiven() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("note.txt"), "from the host\n");

    Result read =
        run(
            "cat_file.c.wasm",
            List.of("/mnt/note.txt"),
            List.of(data + ":/mnt"),
            Duration.ofSeconds(30),
            "");
    Result denied =
        run("cat_file.c.wasm", List.of("/mnt/note.txt"), List.of(), Duration.ofSeconds(30), "");

    assertThat(read.exitCode()).as(read.err()).isZero();
    assertThat(read.out()).isEqualTo("from the host\n");
    assertThat(denied.exitCode()).isEqualTo(2);
  }

  @Test
  void aGuestPastItsTimeLimitIsStoppedWithExitCode124() throws Exception {
    Result loop = run("infinite_loop.wat.wasm", List.of(), List.of(), Duration.ofMillis(300), "");

    assertThat(loop.exitCode()).isEqualTo(124);
    assertThat(loop.err()).contains("EXECUTION_TIMEOUT");
  }
}
