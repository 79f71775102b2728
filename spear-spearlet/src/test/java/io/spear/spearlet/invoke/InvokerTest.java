package io.spear.spearlet.invoke;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.ResourceExhaustedException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.execution.ExecutionTrigger;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.report.ExecutionReporter;
import io.spear.spearlet.task.InstancePool;
import io.spear.spearlet.task.TaskDirectory;
import io.spear.testing.FakeTicker;
import io.spear.testing.HttpTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invocation path without HTTP in front: a real runtime, a real SMS behind the directory. */
class InvokerTest {

  @TempDir Path dataDir;
  private SmsServer sms;
  private HttpTestClient smsHttp;
  private WasmRuntime runtime;
  private ExecutionReporter reporter;
  private ExecutorService background;
  private AdmissionControl admission;
  private final FakeTicker intervals = new FakeTicker();

  @BeforeEach
  void start() {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
    smsHttp = new HttpTestClient(sms.port());
    background = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stop() {
    if (reporter != null) {
      reporter.close();
    }
    background.shutdownNow();
    if (runtime != null) {
      runtime.close();
    }
    sms.close();
  }

  private Invoker invoker(int maxInFlight, int queueCapacity) {
    return invoker(maxInFlight, queueCapacity, 1_000);
  }

  private Invoker invoker(int maxInFlight, int queueCapacity, int reportCapacity) {
    return invoker(maxInFlight, queueCapacity, reportCapacity, sms.httpAddr());
  }

  /** An invoker whose reports go to {@code reportsTo}, its tasks still from the test's SMS. */
  private Invoker invoker(
      int maxInFlight, int queueCapacity, int reportCapacity, String reportsTo) {
    SpearletConfig config =
        SpearletConfig.defaults().toBuilder().smsHttpAddr(sms.httpAddr()).build();
    runtime = new WasmRuntime(RuntimeConfig.of(config));
    SmsClient client = new SmsClient(sms.httpAddr());
    InstancePool pool = new InstancePool(runtime, Duration.ofMinutes(5), intervals);
    reporter = new ExecutionReporter(new SmsClient(reportsTo), reportCapacity);
    return new Invoker(
        runtime,
        new TaskDirectory(client, Duration.ofSeconds(5), intervals, pool::evict),
        pool,
        admission = new AdmissionControl(maxInFlight, queueCapacity),
        new ExecutionRegistry(16L * 1024 * 1024, Duration.ofMinutes(10)),
        reporter,
        new SpearletMetrics(new SimpleMeterRegistry()),
        () -> "node-1",
        InstantSource.system(),
        System::nanoTime,
        background,
        Duration.ofSeconds(30));
  }

  private String deploy(String fixture) {
    String fileId =
        smsHttp
            .post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
            .json()
            .get("id")
            .asText();
    return smsHttp
        .postJson(
            "/api/v1/tasks",
            """
            {"name": "t", "executable": {"type": "wasm", "uri": "sms+file://%s", "name": "m"}}
            """
                .formatted(fileId))
        .json()
        .get("task_id")
        .asText();
  }

  private static InvocationRequest raw(String taskId, Duration timeout, String input) {
    return InvocationRequest.raw(
        taskId, Optional.empty(), timeout, input.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts the looping guest {@code loop} in the background and waits until it runs. */
  private static Execution runningLoop(Invoker invoker, String loop, String executionId) {
    Execution running = invoker.invokeAsync(async(loop, executionId));
    eventually(
        () -> assertThat(running.snapshot().record().status()).isEqualTo(ExecutionState.RUNNING));
    return running;
  }

  private static InvocationRequest async(String taskId, String executionId) {
    return new InvocationRequest(
        taskId,
        Optional.empty(),
        Optional.empty(),
        Optional.of(executionId),
        true,
        Duration.ofSeconds(60),
        new byte[0],
        Map.of(),
        OptionalLong.empty(),
        Optional.empty(),
        ExecutionTrigger.API,
        "");
  }

  @Test
  void aSyncInvocationRunsTheGuestAndItsRecordReachesSms() {
    Invoker invoker = invoker(2, 8);
    String task = deploy("echo_upper.c.wasm");

    Execution.Snapshot done = invoker.invokeSync(raw(task, Duration.ZERO, "shout")).snapshot();

    assertThat(done.record().status()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(new String(done.output(), StandardCharsets.UTF_8)).isEqualTo("SHOUT");
    assertThat(done.record().coldStart()).isTrue();
    assertThat(invoker.invokeSync(raw(task, Duration.ZERO, "x")).snapshot().record().coldStart())
        .isFalse();
    eventually(
        () ->
            assertThat(
                    smsHttp
                        .get("/api/v1/executions/" + done.record().executionId())
                        .json()
                        .at("/status")
                        .asText())
                .isEqualTo("completed"));
  }

  @Test
  void whileReportsCannotReachSmsTheNodeRefusesNewWorkRatherThanDropRecords() {
    // Nothing listens on port 1: every report fails to connect, as when SMS is down.
    Invoker invoker = invoker(2, 8, 10, "127.0.0.1:1");
    String task = deploy("echo_upper.c.wasm");
    invoker.invokeSync(raw(task, Duration.ZERO, "first"));
    // The sender has the first record in a batch it keeps retrying; it takes no more meanwhile.
    eventually(() -> assertThat(reporter.failedSends()).isPositive());

    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      try {
        invoker.invokeSync(raw(task, Duration.ZERO, "x"));
        outcomes.add("ran");
      } catch (ResourceExhaustedException e) {
        assertThat(e.getMessage()).contains("execution reports");
        outcomes.add("refused");
      }
    }

    // Six more fill the queue past half of its 10; from then on every call is refused (after
    // waiting a little for the queue to drain), and no record is dropped.
    assertThat(outcomes.subList(0, 6)).containsOnly("ran");
    assertThat(outcomes.subList(6, outcomes.size())).containsOnly("refused");
    assertThat(reporter.dropped()).isZero();
    assertThat(reporter.sent()).isZero();
    assertThat(reporter.pending()).isEqualTo(6);
  }

  @Test
  void aFullNodeRefusesAtOnceAndTheRunningGuestIsUnaffected() throws Exception {
    Invoker invoker = invoker(1, 0);
    String loop = deploy("infinite_loop.wat.wasm");
    Execution running = runningLoop(invoker, loop, "loop-1");

    assertThatThrownBy(() -> invoker.invokeSync(raw(loop, Duration.ZERO, "")))
        .isInstanceOfSatisfying(
            ResourceExhaustedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED));
    assertThat(running.snapshot().record().status()).isEqualTo(ExecutionState.RUNNING);

    invoker.cancel("loop-1");
    assertThat(running.awaitEnd(10_000)).isTrue();
    assertThat(running.snapshot().record().status()).isEqualTo(ExecutionState.CANCELLED);
  }

  @Test
  void callersWaitingForRoomHoldNoThreadAndAreServedByFewerThreadsWhenRoomFrees() throws Exception {
    Invoker invoker = invoker(1, 0);
    String hello = deploy("hello.c.wasm");
    invoker.invokeSync(raw(hello, Duration.ZERO, ""));
    AdmissionControl.Ticket holdsTheRoom = admission.admit();
    ExecutorService oneThread = Executors.newSingleThreadExecutor();
    try {
      // Each call returns at once on this one thread: nobody waits on a thread of its own.
      List<CompletableFuture<Execution>> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(invoker.invokeWhenAdmitted(raw(hello, Duration.ZERO, ""), oneThread));
      }
      assertThat(waiting).noneMatch(CompletableFuture::isDone);

      holdsTheRoom.close();

      // The first in line got the room from the close itself; each one's end lets in the next
      // (unless its wait ran out on a slow machine: then the same refusal as a blocking caller's).
      assertThat(waiting.get(0).get().snapshot().record().status())
          .isEqualTo(ExecutionState.COMPLETED);
      for (CompletableFuture<Execution> call : waiting) {
        try {
          assertThat(call.get().snapshot().record().status()).isEqualTo(ExecutionState.COMPLETED);
        } catch (ExecutionException refused) {
          assertThat(refused.getCause()).isInstanceOf(ResourceExhaustedException.class);
        }
      }
      eventually(() -> assertThat(admission.admitted()).isZero());
    } finally {
      oneThread.shutdownNow();
    }
  }

  @Test
  void aCallerAdmittedAfterAWaitWaitsForItsSlotWithoutAThreadToo() throws Exception {
    Invoker invoker = invoker(1, 1);
    String loop = deploy("infinite_loop.wat.wasm");
    String hello = deploy("hello.c.wasm");
    Execution running = runningLoop(invoker, loop, "loop-slot");
    AdmissionControl.Ticket holdsTheQueuePlace = admission.admit();
    CompletableFuture<Execution> call =
        invoker.invokeWhenAdmitted(raw(hello, Duration.ZERO, ""), background);

    holdsTheQueuePlace.close();

    // Admitted now, it waits for the looping guest's slot; still no thread of its own.
    eventually(() -> assertThat(admission.waiting()).isOne());
    assertThat(call).isNotDone();
    invoker.cancel("loop-slot");
    assertThat(call.get().snapshot().record().status()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(running.awaitEnd(10_000)).isTrue();
  }

  @Test
  void aCallerWaitingForRoomWithoutAThreadIsRefusedAsBeforeWhenNoneFrees() throws Exception {
    Invoker invoker = invoker(1, 0);
    String loop = deploy("infinite_loop.wat.wasm");
    String hello = deploy("hello.c.wasm");
    Execution running = runningLoop(invoker, loop, "loop-room");

    CompletableFuture<Execution> call =
        invoker.invokeWhenAdmitted(raw(hello, Duration.ZERO, ""), background);

    assertThatThrownBy(call::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ResourceExhaustedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED));
    assertThat(running.snapshot().record().status()).isEqualTo(ExecutionState.RUNNING);
    invoker.cancel("loop-room");
    assertThat(running.awaitEnd(10_000)).isTrue();
  }

  @Test
  void aCallWhoseDeadlinePassesInTheQueueEndsAsTimeoutWithoutRunning() throws Exception {
    Invoker invoker = invoker(1, 1);
    String loop = deploy("infinite_loop.wat.wasm");
    String hello = deploy("hello.c.wasm");
    Execution running = runningLoop(invoker, loop, "loop-2");

    ExecutionRecord queued =
        invoker.invokeSync(raw(hello, Duration.ofMillis(50), "")).snapshot().record();

    assertThat(queued.status()).isEqualTo(ExecutionState.TIMEOUT);
    assertThat(queued.error()).isEqualTo(ErrorCode.EXECUTION_TIMEOUT);
    assertThat(queued.message()).contains("ran out while queued");
    assertThat(queued.startedAtMs()).isZero();
    invoker.cancel("loop-2");
    assertThat(running.awaitEnd(10_000)).isTrue();
  }

  @Test
  void aRunawayGuestIsStoppedAtItsDeadline() {
    Invoker invoker = invoker(2, 8);
    String loop = deploy("infinite_loop.wat.wasm");

    // On a loaded machine the first calls may end while the module still compiles
    // (MODULE_COMPILING); the guest itself must then be stopped at the deadline.
    eventually(
        () -> {
          ExecutionRecord r =
              invoker.invokeSync(raw(loop, Duration.ofMillis(200), "")).snapshot().record();
          assertThat(r.status()).isEqualTo(ExecutionState.TIMEOUT);
          assertThat(r.message()).isEqualTo("stopped at its time limit of 200 ms");
        });
  }

  @Test
  void anExecutionIdCannotBeUsedTwice() throws Exception {
    Invoker invoker = invoker(2, 8);
    String hello = deploy("hello.c.wasm");
    Execution first = invoker.invokeAsync(async(hello, "same-id"));
    assertThat(first.awaitEnd(10_000)).isTrue();

    assertThatThrownBy(() -> invoker.invokeAsync(async(hello, "same-id")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already used");
  }

  @Test
  void aHundredSleepingCallsOfOneTaskDoNotHoldUpAnotherTasksCall() throws Exception {
    Invoker invoker = invoker(2, 300);
    String sleeper = deploy("wasi_sleep.c.wasm");
    String hello = deploy("hello.c.wasm");
    invoker.invokeSync(raw(hello, Duration.ZERO, ""));
    List<Execution> sleeping = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sleeping.add(invoker.invokeAsync(async(sleeper, "sleep-" + i)));
    }
    eventually(
        () ->
            assertThat(sleeping)
                .allSatisfy(
                    e ->
                        assertThat(e.snapshot().record().status())
                            .isEqualTo(ExecutionState.RUNNING)));

    long start = System.nanoTime();
    ExecutionRecord other = invoker.invokeSync(raw(hello, Duration.ZERO, "")).snapshot().record();
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(other.status()).isEqualTo(ExecutionState.COMPLETED);
    // Each sleeper sleeps a minute: the other task's call ended while all of them still slept.
    assertThat(sleeping)
        .allSatisfy(
            e -> assertThat(e.snapshot().record().status()).isEqualTo(ExecutionState.RUNNING));
    System.out.printf(
        "another task's call beside 100 sleepers: %d ms (guest %d us)%n",
        tookMs, other.durationUs());
    for (int i = 0; i < 100; i++) {
      invoker.cancel("sleep-" + i);
    }
    for (Execution e : sleeping) {
      assertThat(e.awaitEnd(10_000)).isTrue();
    }
  }
}
