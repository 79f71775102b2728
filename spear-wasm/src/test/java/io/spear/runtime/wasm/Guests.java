package io.spear.runtime.wasm;

import io.spear.corpus.Corpus;
import io.spear.model.config.SpearletConfig;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.FunctionRuntime;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Shorthands for tests that run corpus guests. */
final class Guests {
  /**
   * Runs {@code work} on a thread of its own: the common pool has one thread on a 2-core machine,
   * so two blocked callers queued behind each other there would deadlock a test.
   */
  static <T> CompletableFuture<T> async(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(work.get());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  /** {@link #async(Supplier)} for work without a result. */
  static CompletableFuture<Void> async(Runnable work) {
    return async(
        () -> {
          work.run();
          return null;
        });
  }

  /** A node config for tests: a dead SMS address (tests that download name their own). */
  static final SpearletConfig NODE =
      SpearletConfig.defaults()
          .withSmsHttpAddr("127.0.0.1:9")
          .withStopTimeout(Duration.ofMillis(500));

  private Guests() {}

  /** A runtime on the test node config. */
  static WasmRuntime runtime() {
    return new WasmRuntime(RuntimeConfig.of(NODE));
  }

  /** A runtime on another node config. */
  static WasmRuntime runtime(SpearletConfig node) {
    return new WasmRuntime(RuntimeConfig.of(node));
  }

  /** An executable named after the fixture, with arguments. */
  static Executable executable(String fixture, String... args) {
    return new Executable(ExecutableType.WASM, "", fixture, "", List.of(args), Map.of());
  }

  /** A config supplying the fixture's bytes directly. */
  static InstanceConfig.Builder config(String fixture, String... args) {
    return InstanceConfig.builder("task-" + fixture, executable(fixture, args))
        .withModuleBytes(Corpus.bytes(fixture));
  }

  /** Creates and starts an instance of the fixture. */
  static TaskInstance started(FunctionRuntime runtime, String fixture, String... args) {
    return started(runtime, config(fixture, args).build());
  }

  /** Creates and starts an instance. */
  static TaskInstance started(FunctionRuntime runtime, InstanceConfig config) {
    TaskInstance instance = runtime.createInstance(config);
    runtime.startInstance(instance);
    return instance;
  }

  /** Runs {@code _start} with no input. */
  static ExecutionOutcome run(FunctionRuntime runtime, TaskInstance instance) {
    return runtime.execute(instance, ExecutionContext.builder().build());
  }

  /** Runs {@code _start} with text on stdin. */
  static ExecutionOutcome run(FunctionRuntime runtime, TaskInstance instance, String stdin) {
    return runtime.execute(
        instance,
        ExecutionContext.builder().withInput(stdin.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Runs a named export. */
  static ExecutionOutcome call(FunctionRuntime runtime, TaskInstance instance, String export) {
    return runtime.execute(instance, ExecutionContext.builder().withFunctionName(export).build());
  }

  /** Runs with a time limit. */
  static ExecutionOutcome runFor(FunctionRuntime runtime, TaskInstance instance, Duration limit) {
    return runtime.execute(instance, ExecutionContext.builder().withTimeout(limit).build());
  }
}
