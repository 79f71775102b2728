package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.TimedOut;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.TaskInstance;
import io.spear.testing.WasmModules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid modules that break the JVM's limits for one method in different ways run, through the
 * interpreter where the compiler cannot take them: a guest is never refused for being unusual.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InterpreterFallbackTest {

  static Stream<Arguments> modulesBeyondOneJvmMethod() {
    return Stream.of(
        Arguments.of("an operand stack 100,000 values deep", WasmModules.deepOperandStack(100_000)),
        Arguments.of("40,000 i64 locals (80,000 JVM slots)", WasmModules.manyLocals(40_000)),
        Arguments.of("70,000 distinct constants", WasmModules.manyConstants(70_000)),
        Arguments.of("a branch over 48 KiB of code", WasmModules.farBranch(48 * 1024)),
        Arguments.of("120 KiB of code in one function", WasmModules.hugeFunction(120 * 1024)));
  }

  private static InstanceConfig config(String taskId, byte[] module) {
    return InstanceConfig.builder(
            taskId, new Executable(ExecutableType.WASM, "", taskId, "", List.of(), Map.of()))
        .withModuleBytes(module)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modulesBeyondOneJvmMethod")
  void aValidModuleBeyondOneJvmMethodsLimitsRunsToTheRightResult(String shape, byte[] module) {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = Guests.started(runtime, config("limits", module));

      ExecutionOutcome outcome = Guests.run(runtime, instance);

      // Each guest traps unless it computed the right value.
      assertThat(outcome).as(shape + ": " + outcome).isInstanceOf(Completed.class);
    }
  }

  @Test
  void onlyTheFunctionTheCompilerCannotTakeRunsInTheInterpreter() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance =
          Guests.started(
              runtime, config("mixed", WasmModules.oneOrdinaryFunctionAndOneDeepStack(100_000)));

      assertThat(Guests.run(runtime, instance)).isInstanceOf(Completed.class);
      assertThat(runtime.interpretedFunctions()).isEqualTo(1);
      assertThat(runtime.interpretedModules()).isZero();
    }
  }

  @Test
  void aModuleTheCompilerTakesWholeCountsNoFallback() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = Guests.started(runtime, "hello.c.wasm");

      assertThat(Guests.run(runtime, instance)).isInstanceOf(Completed.class);
      assertThat(runtime.interpretedFunctions()).isZero();
      assertThat(runtime.interpretedModules()).isZero();
    }
  }

  @Test
  void aFunctionInTheInterpreterStillStopsAtItsDeadline() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance =
          Guests.started(runtime, config("loop", WasmModules.deepOperandStackThenLoop(100_000)));

      ExecutionOutcome outcome = Guests.runFor(runtime, instance, Duration.ofMillis(500));

      assertThat(outcome).isInstanceOf(TimedOut.class);
      assertThat(runtime.interpretedFunctions()).isEqualTo(1);
    }
  }
}
