package io.spear.runtime.wasm;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.model.error.ModuleCompilingException;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.Deadline;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.TaskInstance;
import io.spear.testing.WasmModules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class CompileWithinDeadlineTest {

  private static WasmRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = Guests.runtime();
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static InstanceConfig config(String taskId, byte[] module, Duration limit) {
    return InstanceConfig.builder(
            taskId, new Executable(ExecutableType.WASM, "", taskId, "", List.of(), Map.of()))
        .withModuleBytes(module)
        .withRuntimeConfig(InstanceConfig.CREATE_DEADLINE, Deadline.after(limit, System.nanoTime()))
        .build();
  }

  @Test
  void aModuleOfOneHundredThousandFunctionsAnswersAtItsDeadlineWhileCompilingGoesOn() {
    byte[] module = WasmModules.manyFunctions(100_000);
    long start = System.nanoTime();
    Throwable refusal =
        catchThrowable(() -> runtime.createInstance(config("many", module, Duration.ofSeconds(1))));
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("100,000 functions: first answer after %d ms (%s)%n", tookMs, refusal);
    if (refusal != null) {
      assertThat(refusal)
          .isInstanceOf(ModuleCompilingException.class)
          .hasMessageContaining("still being compiled");
      assertThat(tookMs).isLessThan(1_500 + 3_000); // the limit plus generous scheduling slack
    }
    // The compile went on: a later invocation with time to spare gets the instance.
    eventually(
        Duration.ofMinutes(4),
        () -> {
          TaskInstance instance =
              Guests.started(runtime, config("many", module, Duration.ofSeconds(5)));
          assertThat(Guests.run(runtime, instance)).isInstanceOf(Completed.class);
        });
  }

  @Test
  void aModuleOfOneHundredThousandConstDropPairsRuns() {
    byte[] module = WasmModules.constDrops(100_000);
    TaskInstance instance =
        Guests.started(runtime, config("const-drop", module, Duration.ofMinutes(4)));
    assertThat(Guests.run(runtime, instance)).isInstanceOf(Completed.class);
  }
}
