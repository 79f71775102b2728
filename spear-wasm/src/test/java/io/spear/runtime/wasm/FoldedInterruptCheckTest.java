package io.spear.runtime.wasm;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.spear.runtime.CancellationToken;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.ExecutionOutcome.Cancelled;
import io.spear.runtime.ExecutionOutcome.Completed;
import io.spear.runtime.ExecutionOutcome.TimedOut;
import io.spear.runtime.GuestOutput;
import io.spear.runtime.TaskInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The interrupt check of compiled guests: folded away, armed only while a stop is pending. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FoldedInterruptCheckTest {

  /**
   * {@code (func (export "spin") (param i32) (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0)
   * (i32.const 1))))))}: a loop whose every turn is a backward branch, so a checked one.
   */
  private static final byte[] SPIN = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
    0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, // type 0: (i32) -> ()
    0x03, 0x02, 0x01, 0x00, // function 0 has type 0
    0x07, 0x08, 0x01, 0x04, 's', 'p', 'i', 'n', 0x00, 0x00, // export "spin" = function 0
    0x0a, 0x10, 0x01, 0x0e, 0x00, // code: one body of 14 bytes, no locals
    0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x0b
  };

  private static WasmRuntime runtime;
  private static ScheduledExecutorService scheduler;

  @BeforeAll
  static void startRuntime() {
    // The surefire JVM runs G1 on a server-class machine; elsewhere the check is never folded.
    assumeTrue(FoldedInterruptCheck.foldable(), "the JIT leaves counted loops without polls");
    FoldedInterruptCheck.quietPeriods(Duration.ofMillis(200), Duration.ofMillis(400));
    runtime = Guests.runtime();
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void closeRuntime() {
    if (runtime == null) {
      return;
    }
    runtime.close();
    scheduler.shutdownNow();
    FoldedInterruptCheck.quietPeriods(Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  @Test
  void anInterruptedThreadIsNoticedOnlyWhileTheCheckIsArmed() {
    WasmModule module = Parser.parse(SPIN);
    Instance instance =
        Instance.builder(module)
            .withMachineFactory(
                CompiledClasses.factory(module, CompiledClasses.generate(module, Set.of())))
            .build();
    // A stop of an earlier test keeps the check armed for its quiet period.
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
    assertThat(spinsThroughAnInterrupt(instance)).isTrue();
    FoldedInterruptCheck.arm();
    try {
      assertThat(FoldedInterruptCheck.armed()).isTrue();
      assertThat(spinsThroughAnInterrupt(instance)).isFalse();
    } finally {
      FoldedInterruptCheck.disarm();
    }
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
    assertThat(spinsThroughAnInterrupt(instance)).isTrue();
  }

  @Test
  void aRunawayLoopStopsAtItsDeadlineWithTheFoldedCheck() {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    for (int round = 0; round < 3; round++) {
      long start = System.nanoTime();
      // Long enough for the JIT to compile the loop with the check folded away.
      ExecutionOutcome outcome = Guests.runFor(runtime, loop, Duration.ofMillis(500));
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(outcome).isInstanceOf(TimedOut.class);
      assertThat(elapsedMs).isBetween(500L, 2_500L);
    }
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
  }

  @Test
  void aStopArmsTheCheckUntilTheStoppedGuestHasEndedAndTheFastPathReturnsAfter() throws Exception {
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
    CancellationToken token = new CancellationToken();
    GuestExecution execution =
        new GuestExecution(
            ExecutionContext.builder().withCancellation(token).build(),
            scheduler,
            System::nanoTime);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<ExecutionOutcome> outcome =
        Guests.async(
            () ->
                execution.run(
                    () -> {
                      started.countDown();
                      awaitIgnoringInterrupts(release);
                      return new GuestResult(
                          new GuestResult.Trapped("interrupted"), GuestOutput.EMPTY, 0, 0);
                    }));
    started.await();
    assertThat(FoldedInterruptCheck.armed()).isFalse();

    token.cancel();
    assertThat(FoldedInterruptCheck.armed()).isTrue();
    release.countDown();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(Cancelled.class);
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
  }

  @Test
  void stopsInQuickSuccessionKeepTheCheckArmedInsteadOfDeoptimizingForEach() {
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
    long before = FoldedInterruptCheck.retargets();
    for (int stop = 0; stop < 5; stop++) {
      FoldedInterruptCheck.arm();
      FoldedInterruptCheck.disarm();
    }
    assertThat(FoldedInterruptCheck.armed()).isTrue();
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
    assertThat(FoldedInterruptCheck.retargets() - before).isEqualTo(2);
  }

  @Test
  void manyGuestsRunningWhileOneIsStoppedAllKeepRunningCorrectly() throws Exception {
    TaskInstance fib = Guests.started(runtime, "fib.c.wasm", "24");
    TaskInstance sha = Guests.started(runtime, "sha256.c.wasm", "1");
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    AtomicBoolean stopping = new AtomicBoolean();
    List<CompletableFuture<List<String>>> workers = new ArrayList<>();
    for (TaskInstance guest : List.of(fib, sha, fib, sha)) {
      workers.add(Guests.async(() -> outputsUntil(stopping, guest)));
    }
    for (int round = 0; round < 5; round++) {
      assertThat(Guests.runFor(runtime, loop, Duration.ofMillis(100))).isInstanceOf(TimedOut.class);
    }
    stopping.set(true);
    for (CompletableFuture<List<String>> worker : workers) {
      assertThat(worker.get(30, TimeUnit.SECONDS))
          .isNotEmpty()
          .allSatisfy(
              line ->
                  assertThat(line)
                      .isIn(
                          "fib(24)=46368\n",
                          "06b7bbfb7824aa03382051691630eb26de85102d1b08a81e907ec0744cd8a286\n"));
    }
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
  }

  @Test
  void interruptingTheCallerOfACompiledLoopStopsItAndDisarmsTheCheckAfterwards() throws Exception {
    TaskInstance loop = Guests.started(runtime, "infinite_loop.wat.wasm");
    CompletableFuture<ExecutionOutcome> outcome = new CompletableFuture<>();
    Thread caller =
        Thread.ofPlatform()
            .start(() -> outcome.complete(Guests.runFor(runtime, loop, Duration.ofSeconds(30))));
    eventually(() -> assertThat(runtime.healthCheck(loop).activeExecutions()).isOne());
    caller.interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(Cancelled.class);
    caller.join();
    eventually(() -> assertThat(FoldedInterruptCheck.armed()).isFalse());
  }

  /** Whether 1,000 turns of the loop end normally on a thread whose interrupt flag is set. */
  private static boolean spinsThroughAnInterrupt(Instance instance) {
    Thread.currentThread().interrupt();
    try {
      instance.export("spin").apply(1_000);
      return true;
    } catch (ChicoryInterruptedException e) {
      return false;
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  private static List<String> outputsUntil(AtomicBoolean stopping, TaskInstance guest) {
    List<String> outputs = new ArrayList<>();
    // A few runs at least, however the threads were scheduled meanwhile.
    while (!stopping.get() || outputs.size() < 3) {
      ExecutionOutcome outcome = Guests.run(runtime, guest);
      assertThat(outcome).isInstanceOf(Completed.class);
      outputs.add(outcome.output().stdoutText());
    }
    return outputs;
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
