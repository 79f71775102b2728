package io.spear.bench;

import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.spearlet.HostFamilies;
import java.util.List;
import java.util.Map;

/**
 * Our WASM runtime in process, configured as a Spearlet configures it ({@link
 * RuntimeConfig#of(SpearletConfig)}: the compiler engine, the node's default limits).
 */
final class LocalRuntime implements AutoCloseable {

  private final WasmRuntime runtime =
      new WasmRuntime(
          RuntimeConfig.of(SpearletConfig.defaults()).withFamilies(HostFamilies.withoutServices()));

  /** A started instance of a module with these arguments. */
  TaskInstance instance(String taskId, byte[] module, List<String> args) {
    Executable executable =
        new Executable(ExecutableType.WASM, "", taskId + ".wasm", "", args, Map.of());
    TaskInstance instance =
        runtime.createInstance(
            InstanceConfig.builder(taskId, executable).withModuleBytes(module).build());
    runtime.startInstance(instance);
    return instance;
  }

  /** Runs one invocation and returns its wall time in nanoseconds, as seen by the caller. */
  long timeOne(TaskInstance instance, byte[] input) {
    ExecutionContext context = ExecutionContext.builder().withInput(input).build();
    long start = System.nanoTime();
    ExecutionOutcome outcome = runtime.execute(instance, context);
    long took = System.nanoTime() - start;
    if (!(outcome instanceof ExecutionOutcome.Completed)) {
      throw new IllegalStateException(
          "benchmark guest of " + instance.taskId() + " did not complete: " + outcome);
    }
    return took;
  }

  /** Runs {@code warmup} unmeasured then {@code runs} measured invocations. */
  long[] time(TaskInstance instance, byte[] input, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      timeOne(instance, input);
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      nanos[i] = timeOne(instance, input);
    }
    return nanos;
  }

  /** The runtime's own instantiation time of {@code runs} invocations, in nanoseconds. */
  long[] instantiations(TaskInstance instance, byte[] input, int runs) {
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      ExecutionOutcome outcome =
          runtime.execute(instance, ExecutionContext.builder().withInput(input).build());
      if (!(outcome instanceof ExecutionOutcome.Completed)) {
        throw new IllegalStateException("guest did not complete: " + outcome);
      }
      nanos[i] = outcome.timings().instantiate().toNanos();
    }
    return nanos;
  }

  /** The stdout of one invocation, to check a guest does what it should. */
  byte[] output(TaskInstance instance, byte[] input) {
    ExecutionOutcome outcome =
        runtime.execute(instance, ExecutionContext.builder().withInput(input).build());
    if (!(outcome instanceof ExecutionOutcome.Completed)) {
      throw new IllegalStateException("guest did not complete: " + outcome);
    }
    return outcome.output().stdout();
  }

  WasmRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {
    runtime.close();
  }
}
