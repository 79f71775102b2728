package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.corpus.Corpus;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.execution.ExecutionState;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.Failed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.WasmEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How guests run: WASI arguments, environment, stdio, exits, traps and named exports. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecutionTest {

  private static WasmRuntime runtime;

  @BeforeAll
  static void startRuntime() {
    runtime = Guests.runtime();
  }

  @AfterAll
  static void closeRuntime() {
    runtime.close();
  }

  @Test
  void argvIsTheExecutableNameThenItsArgs() {
    TaskInstance hello = Guests.started(runtime, "hello.c.wasm", "one", "two words");
    ExecutionOutcome outcome = Guests.run(runtime, hello);
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.exitCode()).hasValue(0);
    assertThat(outcome.output().stdoutText())
        .startsWith("argc=3\nargv[0]=hello.c.wasm\nargv[1]=one\nargv[2]=two words\n");
  }

  @Test
  void environmentIsTheExecutablesOverlaidByTheInstanceAndTheInvocation() {
    Executable executable =
        new Executable(
            ExecutableType.WASM,
            "",
            "hello",
            "",
            List.of(),
            Map.of("B_FROM_TASK", "task", "SHARED", "task", "A_ALSO_TASK", "1"));
    InstanceConfig config =
        InstanceConfig.builder("t", executable)
            .withModuleBytes(Corpus.bytes("hello.c.wasm"))
            .withEnvironment("SHARED", "instance")
            .withEnvironment("ONLY_INSTANCE", "yes")
            .build();
    TaskInstance hello = Guests.started(runtime, config);
    ExecutionOutcome outcome =
        runtime.execute(
            hello,
            ExecutionContext.builder()
                .withEnvironment("SHARED", "invocation")
                .withEnvironment("PER_CALL", "x")
                .build());
    String stdout = outcome.output().stdoutText();
    assertThat(stdout.lines().filter(l -> l.startsWith("env ")))
        .containsExactly(
            "env A_ALSO_TASK=1",
            "env B_FROM_TASK=task",
            "env SHARED=invocation",
            "env ONLY_INSTANCE=yes",
            "env PER_CALL=x");
  }

  @Test
  void stdinIsTheInputAndStdoutIsTheOutput() {
    TaskInstance upper = Guests.started(runtime, "echo_upper.c.wasm");
    ExecutionOutcome outcome = Guests.run(runtime, upper, "Hello, Spear!\n");
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText()).isEqualTo("HELLO, SPEAR!\n");
    assertThat(outcome.output().stdoutTruncated()).isFalse();
  }

  @Test
  void largeInputPassesThroughCompletely() {
    TaskInstance upper = Guests.started(runtime, "echo_upper.c.wasm");
    String input = "abcdefghij".repeat(100_000);
    ExecutionOutcome outcome = Guests.run(runtime, upper, input);
    assertThat(outcome.output().stdoutText()).isEqualTo(input.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void stderrIsTheExecutionLog() {
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, "hello.c.wasm"));
    assertThat(outcome.output().logText()).isEqualTo("hello from stderr\n");
    assertThat(outcome.output().stdoutText()).doesNotContain("hello from stderr");
  }

  @Test
  void nonZeroExitIsAFailedExecutionWithItsExitCodeNotACrash() {
    TaskInstance exit = Guests.started(runtime, "exit_code.c.wasm", "7");
    ExecutionOutcome outcome = Guests.run(runtime, exit);
    assertThat(outcome).isInstanceOf(Failed.class);
    Failed failed = (Failed) outcome;
    assertThat(failed.exitCode()).isEqualTo(OptionalInt.of(7));
    assertThat(failed.trapped()).isFalse();
    assertThat(failed.reason()).isEqualTo("exit code 7");
    assertThat(failed.status()).isEqualTo(ExecutionState.FAILED);
    assertThat(outcome.output().stdoutText()).isEqualTo("exiting with 7\n");
    assertThat(outcome.output().logText()).isEqualTo("about to exit 7\n");
    // the instance keeps serving
    assertThat(Guests.run(runtime, exit)).isInstanceOf(Failed.class);
  }

  @Test
  void procExitZeroIsACompletedExecution() {
    ExecutionOutcome outcome =
        Guests.run(runtime, Guests.started(runtime, "exit_code.c.wasm", "0"));
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText()).isEqualTo("exiting with 0\n");
  }

  @Test
  void trapIsAFailedExecutionWithTheTrapReasonAndKeepsEarlierOutput() {
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, "trap.wat.wasm"));
    assertThat(outcome).isInstanceOf(Failed.class);
    Failed failed = (Failed) outcome;
    assertThat(failed.trapped()).isTrue();
    assertThat(failed.exitCode()).isEmpty();
    assertThat(failed.reason()).startsWith("trap: ").containsIgnoringCase("unreachable");
    assertThat(outcome.output().stdoutText()).isEqualTo("before trap\n");
  }

  @Test
  void namedExportRunsAfterTheReactorsInitialize() {
    TaskInstance reactor = Guests.started(runtime, "reactor.wat.wasm");
    ExecutionOutcome outcome = Guests.call(runtime, reactor, "greet");
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText()).isEqualTo("hello from greet, init=1\n");
  }

  @Test
  void namedExportReturnValuesAreReported() {
    ExecutionOutcome outcome =
        Guests.call(runtime, Guests.started(runtime, "reactor.wat.wasm"), "answer");
    assertThat(((Completed) outcome).returnValues()).containsExactly(42L);
  }

  @Test
  void trapInANamedExportIsAFailedExecution() {
    ExecutionOutcome outcome =
        Guests.call(runtime, Guests.started(runtime, "reactor.wat.wasm"), "fail");
    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).trapped()).isTrue();
  }

  @Test
  void everyExecutionGetsAFreshInstanceSoNoStateLeaks() {
    TaskInstance reactor = Guests.started(runtime, "reactor.wat.wasm");
    for (int i = 0; i < 3; i++) {
      assertThat(((Completed) Guests.call(runtime, reactor, "bump")).returnValues())
          .containsExactly(1L);
    }
  }

  @Test
  void unknownExportIsAnInvalidRequestListingTheExports() {
    TaskInstance reactor = Guests.started(runtime, "reactor.wat.wasm");
    Throwable thrown = catchThrowable(() -> Guests.call(runtime, reactor, "nope"));
    assertThat(thrown)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("greet")
        .hasMessageContaining("answer")
        .hasMessageContaining("bump");
    assertThat(((InvalidRequestException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void exportThatTakesParametersIsAnInvalidRequest() {
    TaskInstance reactor = Guests.started(runtime, "reactor.wat.wasm");
    assertThat(catchThrowable(() -> Guests.call(runtime, reactor, "add")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("takes parameters");
  }

  @Test
  void moduleWithoutStartNeedsAFunctionNameAndIsAModuleProblem() {
    TaskInstance reactor = Guests.started(runtime, "reactor.wat.wasm");
    assertThat(catchThrowable(() -> Guests.run(runtime, reactor)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("no _start export")
        .hasMessageContaining("greet");
  }

  @Test
  void outputAndLogAreCappedAndMarkedTruncated() {
    try (WasmRuntime capped = Guests.runtime(Guests.NODE.withOutputCaps(16, 8))) {
      TaskInstance upper = Guests.started(capped, "echo_upper.c.wasm");
      ExecutionOutcome outcome = Guests.run(capped, upper, "x".repeat(1000));
      assertThat(outcome).isInstanceOf(Completed.class);
      assertThat(outcome.output().stdoutText()).isEqualTo("X".repeat(16));
      assertThat(outcome.output().stdoutTruncated()).isTrue();

      ExecutionOutcome hello = Guests.run(capped, Guests.started(capped, "hello.c.wasm"));
      assertThat(hello.output().logText()).isEqualTo("hello fr");
      assertThat(hello.output().logTruncated()).isTrue();
    }
  }

  @Test
  void guestHasNoFileSystemWithoutPreopens(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("in.txt"), "secret");
    TaskInstance cat = Guests.started(runtime, "cat_file.c.wasm", file.toString());
    ExecutionOutcome outcome = Guests.run(runtime, cat);
    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(outcome.exitCode()).hasValue(2);
    assertThat(outcome.output().stdoutText()).isEmpty();
  }

  @Test
  void preopenedDirectoryIsVisibleUnderItsGuestPath(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("in.txt"), "hello from the host\n");
    InstanceConfig config =
        Guests.config("cat_file.c.wasm", "/data/in.txt")
            .withTaskConfig(InstanceConfig.WASI_PREOPEN, "/data=" + dir)
            .build();
    try (WasmRuntime allowing = SandboxTest.allowing(new PreopenRule(dir, true))) {
      ExecutionOutcome outcome = Guests.run(allowing, Guests.started(allowing, config));
      assertThat(outcome).isInstanceOf(Completed.class);
      assertThat(outcome.output().stdoutText()).isEqualTo("hello from the host\n");
    }
  }

  @Test
  void benchmarkKernelsComputeTheRightAnswers() {
    assertThat(stdout("fib.c.wasm", "20")).isEqualTo("fib(20)=6765\n");
    // sha256 over 1 MiB of (i * 31 + 7) mod 256, as computed by Python's hashlib
    assertThat(stdout("sha256.c.wasm", "1"))
        .isEqualTo("06b7bbfb7824aa03382051691630eb26de85102d1b08a81e907ec0744cd8a286\n");
    assertThat(stdout("matmul.c.wasm", "8")).startsWith("matmul(8) checksum=");
  }

  @Test
  void theInterpreterRunsTheSameGuests() {
    try (WasmRuntime interpreter =
        new WasmRuntime(Guests.config(Guests.NODE).withEngine(WasmEngine.INTERPRETER))) {
      ExecutionOutcome outcome =
          Guests.run(interpreter, Guests.started(interpreter, "echo_upper.c.wasm"), "abc");
      assertThat(outcome.output().stdoutText()).isEqualTo("ABC");
    }
  }

  @Test
  void timingsAddUp() {
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, "hello.c.wasm"));
    var timings = outcome.timings();
    assertThat(timings.total())
        .isGreaterThanOrEqualTo(timings.queued().plus(timings.instantiate()).plus(timings.run()));
  }

  private static String stdout(String fixture, String... args) {
    ExecutionOutcome outcome = Guests.run(runtime, Guests.started(runtime, fixture, args));
    assertThat(outcome).as(fixture).isInstanceOf(Completed.class);
    return new String(outcome.output().stdout(), StandardCharsets.UTF_8);
  }
}
