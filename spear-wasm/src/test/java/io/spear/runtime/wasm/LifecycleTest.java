package io.spear.runtime.wasm;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Cancelled;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.RuntimeType;
import io.spear.runtime.TaskInstance;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SPEAR's instance life cycle, the worker's stop protocol, concurrency and queue limits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LifecycleTest {

  @Test
  void instanceGoesFromReadyToRunningToStopped() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = runtime.createInstance(Guests.config("hello.c.wasm").build());
      assertThat(instance.state()).isEqualTo(InstanceState.READY);
      assertThat(instance.taskId()).isEqualTo("task-hello.c.wasm");
      runtime.startInstance(instance);
      assertThat(instance.state()).isEqualTo(InstanceState.RUNNING);
      assertThat(runtime.healthCheck(instance).healthy()).isTrue();
      runtime.stopInstance(instance);
      assertThat(instance.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(runtime.healthCheck(instance).healthy()).isFalse();
    }
  }

  @Test
  void startingTwiceAndStoppingTwiceAreFine() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = Guests.started(runtime, "hello.c.wasm");
      runtime.startInstance(instance);
      assertThat(Guests.run(runtime, instance)).isInstanceOf(Completed.class);
      runtime.stopInstance(instance);
      runtime.stopInstance(instance);
      assertThat(instance.state()).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void executingOnAStoppedInstanceIsAnInvalidRequest() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = Guests.started(runtime, "hello.c.wasm");
      runtime.stopInstance(instance);
      Throwable thrown = catchThrowable(() -> Guests.run(runtime, instance));
      assertThat(thrown)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("stopped");
      assertThat(((InvalidRequestException) thrown).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(catchThrowable(() -> runtime.startInstance(instance)))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  @Test
  void executingBeforeStartIsAnInvalidRequest() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = runtime.createInstance(Guests.config("hello.c.wasm").build());
      assertThat(catchThrowable(() -> Guests.run(runtime, instance)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("not started");
    }
  }

  @Test
  void stoppingAnInstanceThatNeverStartedIsFine() {
    try (WasmRuntime runtime = Guests.runtime()) {
      TaskInstance instance = runtime.createInstance(Guests.config("hello.c.wasm").build());
      runtime.stopInstance(instance);
      assertThat(instance.state()).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void stopLetsRunningExecutionsFinishWithinTheStopTimeout() throws Exception {
    try (WasmRuntime runtime = Guests.runtime(Guests.NODE.withStopTimeout(Duration.ofSeconds(5)))) {
      TaskInstance sleeper = Guests.started(runtime, "spear_basic.c.wasm", "sleep", "300");
      CompletableFuture<ExecutionOutcome> running =
          Guests.async(() -> Guests.run(runtime, sleeper));
      awaitTrue(() -> runtime.healthCheck(sleeper).activeExecutions() == 1);
      long start = System.nanoTime();
      runtime.stopInstance(sleeper);
      long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(running.get(5, TimeUnit.SECONDS)).isInstanceOf(Completed.class);
      assertThat(running.get().output().stdoutText()).isEqualTo("woke\n");
      assertThat(stopMs).isLessThan(2_000);
      assertThat(sleeper.state()).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void stopForcesGuestsThatOutliveTheStopTimeout() throws Exception {
    try (WasmRuntime runtime =
        Guests.runtime(Guests.NODE.withStopTimeout(Duration.ofMillis(300)))) {
      TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
      CompletableFuture<ExecutionOutcome> running =
          Guests.async(() -> Guests.runFor(runtime, loop, Duration.ofSeconds(30)));
      awaitTrue(() -> runtime.healthCheck(loop).activeExecutions() == 1);
      long start = System.nanoTime();
      runtime.stopInstance(loop);
      long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      ExecutionOutcome outcome = running.get(5, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(Cancelled.class);
      assertThat(((Cancelled) outcome).reason()).isEqualTo("instance stopped");
      assertThat(stopMs).isBetween(300L, 1_000L);
      assertThat(loop.state()).isEqualTo(InstanceState.STOPPED);
    }
  }

  @Test
  void concurrentStopsBothWaitForTheAcknowledgement() throws Exception {
    try (WasmRuntime runtime =
        Guests.runtime(Guests.NODE.withStopTimeout(Duration.ofMillis(200)))) {
      TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
      CompletableFuture<ExecutionOutcome> running =
          Guests.async(() -> Guests.runFor(runtime, loop, Duration.ofSeconds(30)));
      awaitTrue(() -> runtime.healthCheck(loop).activeExecutions() == 1);
      CompletableFuture<Void> first = Guests.async(() -> runtime.stopInstance(loop));
      CompletableFuture<Void> second = Guests.async(() -> runtime.stopInstance(loop));
      first.get(5, TimeUnit.SECONDS);
      second.get(5, TimeUnit.SECONDS);
      assertThat(loop.state()).isEqualTo(InstanceState.STOPPED);
      assertThat(running.get(5, TimeUnit.SECONDS)).isInstanceOf(Cancelled.class);
    }
  }

  @Test
  void closingTheRuntimeStopsEveryInstance() {
    TaskInstance a;
    TaskInstance b;
    try (WasmRuntime runtime = Guests.runtime()) {
      a = Guests.started(runtime, "hello.c.wasm");
      b = runtime.createInstance(Guests.config("echo_upper.c.wasm").build());
    }
    assertThat(a.state()).isEqualTo(InstanceState.STOPPED);
    assertThat(b.state()).isEqualTo(InstanceState.STOPPED);
  }

  @Test
  void runtimeDescribesItself() {
    try (WasmRuntime runtime = Guests.runtime()) {
      assertThat(runtime.type()).isEqualTo(RuntimeType.WASM);
      assertThat(runtime.type().wire()).isEqualTo("wasm");
      assertThat(runtime.capabilities()).contains("wasm", "wasi_preview1", "spear.basic");
    }
  }

  @Test
  void foreignInstanceIsAnInvalidRequest() {
    TaskInstance foreign =
        new TaskInstance() {
          @Override
          public String instanceId() {
            return "other";
          }

          @Override
          public String taskId() {
            return "t";
          }

          @Override
          public InstanceState state() {
            return InstanceState.RUNNING;
          }

          @Override
          public InstanceConfig config() {
            return Guests.config("hello.c.wasm").build();
          }
        };
    try (WasmRuntime runtime = Guests.runtime()) {
      assertThat(catchThrowable(() -> Guests.run(runtime, foreign)))
          .isInstanceOf(InvalidRequestException.class);
    }
  }

  private static void awaitTrue(BooleanSupplier condition) {
    eventually(() -> assertThat(condition.getAsBoolean()).isTrue());
  }
}
