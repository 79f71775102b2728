package io.spear.runtime.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.TaskInstance;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances come from a template prepared once per module, and their memory arrays are reused:
 * still, every execution sees the module's initial globals, memory and tables, whatever the
 * execution before it changed ({@code leftovers.wat} reports what it finds, then changes it all).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PreparedInstanceIsolationTest {

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
  void aGuestChangingItsGlobalMemoryAndTableLeavesNothingForTheNextExecution() {
    TaskInstance guest = Guests.started(runtime, "leftovers.wat.wasm");
    for (int i = 0; i < 5; i++) {
      assertThat(found(guest, "probe")).as("execution %d", i).isZero();
    }
  }

  @Test
  void aGuestGrowingItsMemoryLeavesTheNextExecutionTheInitialSize() {
    TaskInstance guest = Guests.started(runtime, "leftovers.wat.wasm");
    for (int i = 0; i < 3; i++) {
      assertThat(found(guest, "probe_and_grow")).as("execution %d", i).isZero();
      assertThat(found(guest, "probe")).as("execution %d after a growth", i).isZero();
    }
  }

  @Test
  void instancesOfTheSameModuleInDifferentTasksDoNotSeeEachOthersChanges() {
    TaskInstance first = Guests.started(runtime, "leftovers.wat.wasm");
    TaskInstance second = Guests.started(runtime, "leftovers.wat.wasm");
    for (int i = 0; i < 3; i++) {
      assertThat(found(first, "probe")).isZero();
      assertThat(found(second, "probe")).isZero();
    }
  }

  private static long found(TaskInstance guest, String export) {
    ExecutionOutcome outcome = Guests.call(runtime, guest, export);
    assertThat(outcome).isInstanceOf(Completed.class);
    return ((Completed) outcome).returnValues().getFirst();
  }
}
