package io.spear.spearlet.task;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import io.spear.runtime.InstanceConfig;
import io.spear.runtime.InstanceState;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.TaskInstance;
import io.spear.runtime.config.SpearletConfig;
import io.spear.runtime.wasm.WasmRuntime;
import io.spear.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The instance pool on the real runtime: who creates, who shares, who is stopped. */
@Timeout(60)
class InstancePoolTest {

  private final WasmRuntime runtime = new WasmRuntime(RuntimeConfig.of(SpearletConfig.defaults()));
  private final FakeTicker ticker = new FakeTicker();
  private final InstancePool pool = new InstancePool(runtime, Duration.ofMinutes(2), ticker);
  private final AtomicInteger configsBuilt = new AtomicInteger();

  @AfterEach
  void close() {
    pool.close();
    runtime.close();
  }

  @Test
  void concurrentFirstUsesOfATaskShareOneCreation() throws Exception {
    Task task = task("t1", 100);
    var threads = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<InstancePool.Lease>> leases = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      leases.add(
          threads.submit(
              () -> {
                go.await();
                return pool.acquire(task, () -> config(task));
              }));
    }
    go.countDown();
    List<TaskInstance> instances = new ArrayList<>();
    int cold = 0;
    for (Future<InstancePool.Lease> lease : leases) {
      instances.add(lease.get().instance());
      cold += lease.get().coldStart() ? 1 : 0;
    }
    threads.shutdown();
    assertThat(instances).allSatisfy(i -> assertThat(i).isSameAs(instances.get(0)));
    assertThat(cold).isOne();
    assertThat(configsBuilt).hasValue(1);
  }

  @Test
  void aNewerVersionOfATaskReplacesItsInstanceAndTheOldOneIsStopped() {
    TaskInstance first = pool.acquire(task("t2", 100), () -> config(task("t2", 100))).instance();
    Task newer = task("t2", 200);
    TaskInstance second = pool.acquire(newer, () -> config(newer)).instance();

    assertThat(second).isNotSameAs(first);
    assertThat(pool.size()).isOne();
    eventually(() -> assertThat(first.state()).isEqualTo(InstanceState.STOPPED));
    assertThat(second.state()).isEqualTo(InstanceState.RUNNING);
  }

  @Test
  void aRequestHoldingAnOlderVersionIsServedByTheNewerInstanceNotAnOrphan() {
    Task newer = task("t3", 200);
    TaskInstance current = pool.acquire(newer, () -> config(newer)).instance();
    Task older = task("t3", 100);

    InstancePool.Lease lease = pool.acquire(older, () -> config(older));

    assertThat(lease.instance()).isSameAs(current);
    assertThat(lease.coldStart()).isFalse();
    assertThat(configsBuilt).hasValue(1);
  }

  @Test
  void anIdleInstanceIsStoppedOnceTheTickerPassesTheIdleTimeout() {
    // A short timeout only so that the reaper looks often (every 100 ms); time itself is fake.
    try (InstancePool quick = new InstancePool(runtime, Duration.ofMillis(400), ticker)) {
      Task task = task("t4", 100);
      TaskInstance instance = quick.acquire(task, () -> config(task)).instance();
      ticker.advance(Duration.ofMillis(401));
      eventually(() -> assertThat(instance.state()).isEqualTo(InstanceState.STOPPED));
      assertThat(quick.size()).isZero();
    }
  }

  private InstanceConfig config(Task task) {
    configsBuilt.incrementAndGet();
    return InstanceConfig.builder(task.taskId(), task.executable())
        .withModuleBytes(Corpus.bytes("echo_upper.c.wasm"))
        .build();
  }

  private static Task task(String id, long updatedAt) {
    return new Task(
        id,
        "echo",
        "",
        TaskStatus.REGISTERED,
        TaskPriority.NORMAL,
        "",
        "",
        "1",
        List.of("wasm"),
        Map.of(),
        Map.of(),
        new Executable(ExecutableType.WASM, "", "echo.wasm", "", List.of(), Map.of()),
        updatedAt,
        updatedAt);
  }
}
