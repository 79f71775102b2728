package io.spear.runtime.wasm;

import io.spear.corpus.Corpus;
import io.spear.host.basic.BasicFamily;
import io.spear.host.epoll.EpollFamily;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.FunctionRuntime;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.host.HostFamily;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shorthands for tests that run corpus guests; shared with the family modules' tests (spear-wasm's
 * test jar).
 */
public final class Guests {
  /**
   * Runs {@code work} on a thread of its own: the common pool has one thread on a 2-core machine,
   * so two blocked callers queued behind each other there would deadlock a test.
   */
  public static <T> CompletableFuture<T> async(Supplier<T> work) {
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
  public static CompletableFuture<Void> async(Runnable work) {
    return async(
        () -> {
          work.run();
          return null;
        });
  }

  /** A node config for tests: a dead SMS address (tests that download name their own). */
  public static final SpearletConfig NODE =
      SpearletConfig.defaults()
          .withSmsHttpAddr("127.0.0.1:9")
          .withStopTimeout(Duration.ofMillis(500));

  private Guests() {}

  /** The families of the spear-host module: what the engine tests' guests import. */
  public static final List<HostFamily<?>> FAMILIES = List.of(new BasicFamily(), new EpollFamily());

  /** A node's runtime configuration with {@link #FAMILIES}. */
  public static RuntimeConfig config(SpearletConfig node) {
    return RuntimeConfig.of(node).withFamilies(FAMILIES);
  }

  /** A runtime on the test node config. */
  public static WasmRuntime runtime() {
    return new WasmRuntime(config(NODE));
  }

  /** A runtime on another node config. */
  public static WasmRuntime runtime(SpearletConfig node) {
    return new WasmRuntime(config(node));
  }

  /** An executable named after the fixture, with arguments. */
  public static Executable executable(String fixture, String... args) {
    return new Executable(ExecutableType.WASM, "", fixture, "", List.of(args), Map.of());
  }

  /** A config supplying the fixture's bytes directly. */
  public static InstanceConfig.Builder config(String fixture, String... args) {
    return InstanceConfig.builder("task-" + fixture, executable(fixture, args))
        .withModuleBytes(Corpus.bytes(fixture));
  }

  /** Creates and starts an instance of the fixture. */
  public static TaskInstance started(FunctionRuntime runtime, String fixture, String... args) {
    return started(runtime, config(fixture, args).build());
  }

  /** Creates and starts an instance. */
  public static TaskInstance started(FunctionRuntime runtime, InstanceConfig config) {
    TaskInstance instance = runtime.createInstance(config);
    runtime.startInstance(instance);
    return instance;
  }

  /** Runs {@code _start} with no input. */
  public static ExecutionOutcome run(FunctionRuntime runtime, TaskInstance instance) {
    return runtime.execute(instance, ExecutionContext.builder().build());
  }

  /** Runs {@code _start} with text on stdin. */
  public static ExecutionOutcome run(FunctionRuntime runtime, TaskInstance instance, String stdin) {
    return runtime.execute(
        instance,
        ExecutionContext.builder().withInput(stdin.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Runs a named export. */
  public static ExecutionOutcome call(
      FunctionRuntime runtime, TaskInstance instance, String export) {
    return runtime.execute(instance, ExecutionContext.builder().withFunctionName(export).build());
  }

  /** Runs with a time limit. */
  public static ExecutionOutcome runFor(
      FunctionRuntime runtime, TaskInstance instance, Duration limit) {
    return runtime.execute(instance, ExecutionContext.builder().withTimeout(limit).build());
  }

  /** The {@code key=value} lines of a probe guest's output, in order. */
  public static Map<String, String> keyValues(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    text.lines()
        .map(line -> line.split("=", 2))
        .filter(parts -> parts.length == 2)
        .forEach(parts -> values.put(parts[0], parts[1]));
    return values;
  }
}
