package io.spear.sms.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.sqlite.EmbeddedStore;
import io.spear.sms.store.SmsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a fake clock: which ticks fire, once, and what follows a gap or a pause. */
class SchedulerTest {

  private static final String ID = "00000000-0000-4000-8000-000000000001";
  private static final String TASK = "00000000-0000-4000-8000-0000000000aa";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final List<Fire> fired = new CopyOnWriteArrayList<>();
  private SmsStore store;

  @BeforeEach
  void open() {
    store = EmbeddedStore.open(dir, now::get);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Scheduler scheduler() {
    return new Scheduler(store.schedules(), (s, f) -> fired.add(f), Runnable::run, now::get);
  }

  private void every2s() {
    store
        .schedules()
        .create(
            new Schedule(
                ID, TASK, null, "2s", "UTC", "", true, T0.plusSeconds(2).toEpochMilli(), 0, 0));
  }

  private void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  private List<Long> ticks() {
    return fired.stream().map(f -> f.tickAtMs() - T0.toEpochMilli()).toList();
  }

  @Test
  void nothingFiresBeforeTheTickAndTheTickFiresOnceWhenItComes() {
    every2s();
    Scheduler scheduler = scheduler();

    advance(Duration.ofMillis(1_999));
    assertThat(scheduler.runDue()).isEmpty();
    advance(Duration.ofMillis(1));
    assertThat(scheduler.runDue()).hasSize(1);
    assertThat(scheduler.runDue()).isEmpty();
    advance(Duration.ofMillis(1_000));
    assertThat(scheduler.runDue()).isEmpty();
    advance(Duration.ofMillis(1_000));
    scheduler.runDue();

    assertThat(ticks()).containsExactly(2_000L, 4_000L);
    assertThat(fired)
        .extracting(Fire::invocationId)
        .containsExactly(
            ID + "." + (T0.toEpochMilli() + 2_000), ID + "." + (T0.toEpochMilli() + 4_000));
  }

  @Test
  void twoSchedulersOnOneStoreFireEachTickOnce() {
    every2s();
    Scheduler a = scheduler();
    Scheduler b = scheduler();

    for (int i = 0; i < 20; i++) {
      advance(Duration.ofMillis(500));
      if (i % 2 == 0) {
        a.runDue();
        b.runDue();
      } else {
        b.runDue();
        a.runDue();
      }
    }

    assertThat(ticks()).containsExactly(2_000L, 4_000L, 6_000L, 8_000L, 10_000L);
  }

  @Test
  void aLateSchedulerFiresEachTickItIsBehindOnOneByOne() {
    every2s();
    Scheduler scheduler = scheduler();
    advance(Duration.ofMillis(7_000));

    for (int round = 0; round < 5; round++) {
      scheduler.runDue();
    }

    assertThat(ticks()).containsExactly(2_000L, 4_000L, 6_000L);
  }

  @Test
  void ticksMissedWhileNoSchedulerRanFireOnceThenTheScheduleGoesOnFromNow() {
    every2s();
    advance(Scheduler.CATCH_UP.plusMillis(11_500));

    scheduler().runDue();
    scheduler().runDue();
    assertThat(ticks()).containsExactly(2_000L);
    long resumed = Scheduler.CATCH_UP.toMillis() + 12_000;
    assertThat(store.schedules().find(ID).orElseThrow().nextFireAtMs())
        .isEqualTo(T0.toEpochMilli() + resumed);

    advance(Duration.ofMillis(500));
    scheduler().runDue();
    assertThat(ticks()).containsExactly(2_000L, resumed);
  }

  @Test
  void aPausedScheduleDoesNotFireAndAResumedOneGoesOnFromItsNextTickAfterNow() {
    every2s();
    Scheduler scheduler = scheduler();
    store.schedules().setEnabled(ID, false, T0.plusSeconds(2).toEpochMilli());
    advance(Duration.ofSeconds(7));
    assertThat(scheduler.runDue()).isEmpty();

    Schedule paused = store.schedules().find(ID).orElseThrow();
    long resumeAt =
        Scheduler.nextTick(paused.when(), now.get().toEpochMilli(), now.get().toEpochMilli());
    store.schedules().setEnabled(ID, true, resumeAt);
    scheduler.runDue();
    advance(Duration.ofSeconds(1));
    scheduler.runDue();

    assertThat(ticks()).containsExactly(8_000L);
  }

  @Test
  void aTickClaimedByAReplicaThatDiedIsTakenOverOnceUnderTheSameExecutionId() {
    every2s();
    // The replica that claims the tick dies before handing it to a node.
    Scheduler dying =
        new Scheduler(store.schedules(), (s, f) -> fired.add(f), task -> {}, now::get);
    advance(Duration.ofSeconds(2));
    Fire claimed = dying.runDue().getFirst();
    fired.clear();

    Scheduler survivor = scheduler();
    advance(Scheduler.RECLAIM_AFTER.minusMillis(1));
    assertThat(survivor.takeOverStalled()).isEmpty();
    advance(Duration.ofMillis(1));
    assertThat(survivor.takeOverStalled()).hasSize(1);
    assertThat(survivor.takeOverStalled()).isEmpty();

    assertThat(fired).extracting(Fire::executionId).containsExactly(claimed.executionId());
  }
}
