package io.spear.runtime.wasm;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionState;
import io.spear.runtime.CancellationToken;
import io.spear.runtime.Deadline;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Cancelled;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.Failed;
import io.spear.runtime.ExecutionOutcome.TimedOut;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceLimits;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Memory limits, time limits, cancellation and stack overflow. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsTest {

  private static final Pattern PAGES = Pattern.compile("pages=(\\d+)");

  private static WasmRuntime runtime;
  private static ScheduledExecutorService scheduler;

  @BeforeAll
  static void startRuntime() {
    runtime = Guests.runtime();
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void closeRuntime() {
    runtime.close();
    scheduler.shutdownNow();
  }

  @Test
  void infiniteLoopStopsAtItsTimeLimitAndTheNextInvocationSucceeds() {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      ExecutionOutcome outcome = Guests.runFor(runtime, loop, Duration.ofMillis(200));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(outcome).isInstanceOf(TimedOut.class);
      assertThat(((TimedOut) outcome).code()).isEqualTo(ErrorCode.EXECUTION_TIMEOUT);
      assertThat(outcome.status()).isEqualTo(ExecutionState.TIMEOUT);
      assertThat(elapsedMs).isBetween(200L, 2_000L);
    }
    TaskInstance upper = Guests.started(runtime, "echo_upper.c.wasm");
    assertThat(Guests.run(runtime, upper, "still serving").output().stdoutText())
        .isEqualTo("STILL SERVING");
    // and the same instance that timed out serves again
    long start = System.nanoTime();
    assertThat(Guests.runFor(runtime, loop, Duration.ofMillis(50))).isInstanceOf(TimedOut.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
  }

  @Test
  void aContextWithoutATimeLimitGetsTheOneDefaultAndCarriesItsDeadline() {
    long before = System.nanoTime();
    ExecutionContext context = ExecutionContext.builder().build();
    assertThat(context.deadline().limit()).isEqualTo(SpearletConfig.DEFAULT_TIMEOUT);
    assertThat(context.deadline().atNanos() - before)
        .isGreaterThanOrEqualTo(SpearletConfig.DEFAULT_TIMEOUT.toNanos());
  }

  @Test
  void aDeadlineThatPassedBeforeTheGuestStartedNeverRunsIt() {
    TaskInstance hello = Guests.started(runtime, "hello.c.wasm");
    ExecutionContext late =
        ExecutionContext.builder()
            .withDeadline(Deadline.after(Duration.ofMillis(5), System.nanoTime() - 1_000_000_000L))
            .build();
    ExecutionOutcome outcome = runtime.execute(hello, late);
    assertThat(outcome).isInstanceOf(TimedOut.class);
    assertThat(outcome.output().stdout()).isEmpty();
    assertThat(outcome.timings().run()).isZero();
  }

  @Test
  void startSectionLoopIsStoppedByTheTimeLimitToo() {
    TaskInstance start = Guests.started(runtime, "start_loop.wat.wasm");
    assertThat(Guests.runFor(runtime, start, Duration.ofMillis(100))).isInstanceOf(TimedOut.class);
  }

  @Test
  void spearSleepIsInterruptedByTheTimeLimit() {
    TaskInstance sleeper = Guests.started(runtime, "spear_basic.c.wasm", "sleep", "60000");
    assertStoppedWithin(sleeper, Duration.ofMillis(150));
  }

  @Test
  void wasiSleepIsInterruptedByTheTimeLimit() {
    TaskInstance sleeper = Guests.started(runtime, "wasi_sleep.c.wasm", "60000");
    assertStoppedWithin(sleeper, Duration.ofMillis(150));
  }

  @Test
  void sleepShorterThanTheLimitCompletes() {
    TaskInstance sleeper = Guests.started(runtime, "wasi_sleep.c.wasm", "20");
    ExecutionOutcome outcome = Guests.runFor(runtime, sleeper, Duration.ofSeconds(5));
    assertThat(outcome).isInstanceOf(Completed.class);
    assertThat(outcome.output().stdoutText()).isEqualTo("woke\n");
  }

  @Test
  void cancellingFromAnotherThreadStopsARunningGuestQuickly() {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    CancellationToken token = new CancellationToken();
    long[] cancelledAt = new long[1];
    var _ =
        scheduler.schedule(
            () -> {
              cancelledAt[0] = System.nanoTime();
              token.cancel();
            },
            100,
            TimeUnit.MILLISECONDS);
    ExecutionOutcome outcome =
        runtime.execute(
            loop,
            ExecutionContext.builder()
                .withTimeout(Duration.ofSeconds(20))
                .withCancellation(token)
                .build());
    long reactionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt[0]);
    assertThat(outcome).isInstanceOf(Cancelled.class);
    assertThat(((Cancelled) outcome).reason()).isEqualTo("cancelled by request");
    assertThat(reactionMs).isLessThan(3_000);
  }

  @Test
  void cancellingASleepingGuestStopsItQuickly() {
    TaskInstance sleeper = Guests.started(runtime, "spear_basic.c.wasm", "sleep", "60000");
    CancellationToken token = new CancellationToken();
    var _ = scheduler.schedule(token::cancel, 50, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    ExecutionOutcome outcome =
        runtime.execute(sleeper, ExecutionContext.builder().withCancellation(token).build());
    assertThat(outcome).isInstanceOf(Cancelled.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_500);
  }

  @Test
  void interruptingTheWaitingCallerCancelsItsExecution() throws Exception {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              outcome.complete(Guests.runFor(runtime, loop, Duration.ofSeconds(20)));
              stillInterrupted.complete(Thread.currentThread().isInterrupted());
            });
    caller.start();
    eventually(() -> assertThat(runtime.healthCheck(loop).activeExecutions()).isOne());
    caller.interrupt();
    assertThat(outcome.get(1, TimeUnit.SECONDS)).isInstanceOf(Cancelled.class);
    assertThat(stillInterrupted.get(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anEnormousTimeLimitIsFine() {
    TaskInstance hello = Guests.started(runtime, "hello.c.wasm");
    assertThat(Guests.runFor(runtime, hello, Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(Completed.class);
  }

  @Test
  void executionCancelledBeforeItRunsNeverStarts() {
    TaskInstance hello = Guests.started(runtime, "hello.c.wasm");
    CancellationToken token = new CancellationToken();
    token.cancel();
    ExecutionOutcome outcome =
        runtime.execute(hello, ExecutionContext.builder().withCancellation(token).build());
    assertThat(outcome).isInstanceOf(Cancelled.class);
    assertThat(outcome.output().stdout()).isEmpty();
  }

  @Test
  void deepRecursionIsATrapNotACrash() {
    TaskInstance recursion = Guests.started(runtime, "deep_recursion.wat.wasm");
    ExecutionOutcome outcome = Guests.run(runtime, recursion);
    assertThat(outcome).isInstanceOf(Failed.class);
    assertThat(((Failed) outcome).trapped()).isTrue();
    assertThat(((Failed) outcome).reason()).contains("call stack exhausted");
    // the worker thread survived: the instance keeps serving
    assertThat(Guests.run(runtime, recursion)).isInstanceOf(Failed.class);
  }

  @Test
  void memoryGrowsOnlyUpToTheTaskLimitInBytes() {
    InstanceConfig config =
        Guests.config("memory_grow.c.wasm")
            .withTaskConfig(InstanceConfig.MEMORY_LIMIT_BYTES, String.valueOf(4L << 20))
            .build();
    assertThat(pagesReached(config)).isBetween(60, 64);
  }

  @Test
  void memoryLimitInPagesWorksAndTheSmallerLimitWins() {
    InstanceConfig config =
        Guests.config("memory_grow.c.wasm")
            .withTaskConfig(InstanceConfig.MAX_MEMORY_PAGES, "40")
            .withTaskConfig(InstanceConfig.MEMORY_LIMIT_BYTES, String.valueOf(8L << 20))
            .build();
    assertThat(pagesReached(config)).isBetween(36, 40);
  }

  @Test
  void explicitInstanceLimitOverridesTheTaskConfig() {
    InstanceConfig config =
        Guests.config("memory_grow.c.wasm")
            .withTaskConfig(InstanceConfig.MEMORY_LIMIT_BYTES, String.valueOf(64L << 20))
            .withLimits(InstanceLimits.NONE.withMemoryLimitBytes(2L << 20))
            .build();
    assertThat(pagesReached(config)).isBetween(28, 32);
  }

  @Test
  void theNodeDefaultMemoryLimitApplies() {
    try (WasmRuntime small = Guests.runtime(Guests.NODE.withDefaultMemoryLimitBytes(3L << 20))) {
      ExecutionOutcome outcome = Guests.run(small, Guests.started(small, "memory_grow.c.wasm"));
      assertThat(pages(outcome)).isBetween(44, 48);
    }
  }

  @Test
  void timedOutGuestsDoNotStopTheNodeFromServing() throws Exception {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    List<CompletableFuture<ExecutionOutcome>> loops = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      loops.add(Guests.async(() -> Guests.runFor(runtime, loop, Duration.ofMillis(150))));
    }
    for (CompletableFuture<ExecutionOutcome> outcome : loops) {
      assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(TimedOut.class);
    }
    TaskInstance upper = Guests.started(runtime, "echo_upper.c.wasm");
    assertThat(Guests.run(runtime, upper, "ok").output().stdoutText()).isEqualTo("OK");
  }

  private static void assertStoppedWithin(TaskInstance instance, Duration limit) {
    long start = System.nanoTime();
    ExecutionOutcome outcome = Guests.runFor(runtime, instance, limit);
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(outcome).isInstanceOf(TimedOut.class);
    // Ten times the limit: a bound for a stop that does not work, not for a slow machine.
    assertThat(elapsedMs).isLessThan(limit.toMillis() * 10);
  }

  private static int pagesReached(InstanceConfig config) {
    return pages(Guests.run(runtime, Guests.started(runtime, config)));
  }

  private static int pages(ExecutionOutcome outcome) {
    assertThat(outcome).isInstanceOf(Completed.class);
    Matcher m = PAGES.matcher(outcome.output().stdoutText());
    assertThat(m.find()).as(outcome.output().stdoutText()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
