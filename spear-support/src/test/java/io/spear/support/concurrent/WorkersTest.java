package io.spear.support.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WorkersTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final InstantSource clock = () -> now.get();
  private final List<Throwable> fatal = new ArrayList<>();
  private final Workers workers = new Workers(clock, fatal::add);

  @Test
  void aPeriodicTaskThatThrowsIsCountedShownAsFailingAndRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    Runnable task =
        workers.periodic(
            "reaper",
            Duration.ofMinutes(1),
            () -> {
              if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("disk on fire");
              }
            });

    task.run();
    assertThat(workers.healthy()).isFalse();
    assertThat(workers.status()).isEqualTo("degraded");
    assertThat(workers.report())
        .containsEntry(
            "reaper", Map.of("state", "failing", "failures", 1L, "last_error", "disk on fire"));

    task.run();
    assertThat(runs).hasValue(2);
    assertThat(workers.healthy()).isTrue();
    assertThat(workers.status()).isEqualTo("healthy");
  }

  @Test
  void aWorkerThatHasNotRunForItsStallTimeIsStalled() {
    Runnable task = workers.periodic("heartbeat", Duration.ofSeconds(30), () -> {});
    task.run();
    now.set(now.get().plusSeconds(31));
    assertThat(workers.report())
        .containsEntry("heartbeat", Map.of("state", "stalled", "failures", 0L));
    assertThat(workers.healthy()).isFalse();
  }

  @Test
  void anOutOfMemoryErrorGoesToTheFatalHandler() {
    Runnable task =
        workers.periodic(
            "reporter",
            Duration.ofMinutes(1),
            () -> {
              throw new OutOfMemoryError("Java heap space");
            });
    task.run();
    assertThat(fatal).singleElement().isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void aLoopWorkerSurvivesExceptionsAndStopsWhenDone() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch recovered = new CountDownLatch(1);
    Thread thread =
        workers.loop(
            "sender",
            Duration.ofMinutes(1),
            done::get,
            () -> {
              int call = calls.incrementAndGet();
              if (call <= 2) {
                throw new IllegalStateException("bad record " + call);
              }
              recovered.countDown();
              done.set(true);
            });
    assertThat(recovered.await(10, TimeUnit.SECONDS)).isTrue();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(workers.report())
        .containsEntry(
            "sender", Map.of("state", "ok", "failures", 2L, "last_error", "bad record 2"));
  }
}
