package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionTrigger;
import io.spear.sms.history.ExecutionQuery;
import io.spear.sms.page.PageRequest;
import io.spear.sms.schedule.Fire;
import io.spear.sms.schedule.Schedule;
import io.spear.sms.schedule.ScheduleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link ScheduleStore} does. */
public abstract class ScheduleStoreContract extends StoreContract {

  private static final String ID = "00000000-0000-4000-8000-000000000001";
  private static final String TASK = "00000000-0000-4000-8000-0000000000aa";

  private ScheduleStore schedules() {
    return store.schedules();
  }

  private static Schedule schedule(String id, long next, long created) {
    return new Schedule(id, TASK, null, "2s", "UTC", "aGk=", true, next, 0, created);
  }

  @Test
  void aCreatedScheduleReadsBackAsCreatedAndListsNewestFirst() {
    Schedule first = schedule(ID, 5_000, 1_000);
    Schedule second =
        new Schedule(
            "00000000-0000-4000-8000-000000000002",
            TASK,
            "0 9 * * 1-5",
            null,
            "Europe/Paris",
            "",
            false,
            9_000,
            0,
            2_000);
    schedules().create(first);
    schedules().create(second);

    assertThat(schedules().find(ID)).contains(first);
    assertThat(schedules().find(second.scheduleId())).contains(second);
    assertThat(schedules().list(new PageRequest(10, 0)).items()).containsExactly(second, first);
    assertThat(schedules().list(new PageRequest(1, 1)).items()).containsExactly(first);
    assertThat(schedules().list(new PageRequest(1, 0)).totalCount()).isEqualTo(2);
  }

  @Test
  void onlyEnabledSchedulesWhoseTickHasComeAreDue() {
    schedules().create(schedule(ID, 5_000, 1_000));
    schedules().create(schedule("00000000-0000-4000-8000-000000000002", 3_000, 1_000));
    schedules().create(schedule("00000000-0000-4000-8000-000000000003", 9_000, 1_000));
    schedules().setEnabled("00000000-0000-4000-8000-000000000002", false, 3_000);

    assertThat(schedules().due(4_999, 10)).isEmpty();
    assertThat(schedules().due(5_000, 10)).extracting(Schedule::scheduleId).containsExactly(ID);
  }

  @Test
  void aTickIsClaimedOnceAndMovesTheNextTick() {
    schedules().create(schedule(ID, 5_000, 1_000));

    assertThat(schedules().claim(new Fire(ID, 5_000, "e1", 5_010), 7_000)).isTrue();
    assertThat(schedules().claim(new Fire(ID, 5_000, "e2", 5_020), 7_000)).isFalse();

    Schedule moved = schedules().find(ID).orElseThrow();
    assertThat(moved.nextFireAtMs()).isEqualTo(7_000);
    assertThat(moved.lastFireAtMs()).isEqualTo(5_000);
  }

  @Test
  void aPausedScheduleCannotBeClaimed() {
    schedules().create(schedule(ID, 5_000, 1_000));
    schedules().setEnabled(ID, false, 5_000);

    assertThat(schedules().claim(new Fire(ID, 5_000, "e1", 5_010), 7_000)).isFalse();
  }

  @Test
  void concurrentClaimsOfOneTickHaveExactlyOneWinner() throws Exception {
    schedules().create(schedule(ID, 5_000, 1_000));
    int claimers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < claimers; i++) {
        String execution = "e" + i;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return schedules().claim(new Fire(ID, 5_000, execution, 5_010), 7_000);
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClaimedTickStaysStalledUntilDispatchedAndIsReclaimedOnce() {
    schedules().create(schedule(ID, 5_000, 1_000));
    Fire fire = new Fire(ID, 5_000, "e1", 5_010);
    schedules().claim(fire, 7_000);

    assertThat(schedules().stalled(5_009, 10)).isEmpty();
    assertThat(schedules().stalled(5_010, 10)).containsExactly(fire);
    assertThat(schedules().reclaim(fire, 9_000)).isTrue();
    assertThat(schedules().reclaim(fire, 9_001)).isFalse();

    schedules().dispatched(fire);
    assertThat(schedules().stalled(100_000, 10)).isEmpty();
  }

  @Test
  void forgettingRemovesOnlyOldDispatchedTicks() {
    schedules().create(schedule(ID, 5_000, 1_000));
    Fire old = new Fire(ID, 5_000, "e1", 5_010);
    schedules().claim(old, 7_000);
    schedules().dispatched(old);
    Fire pending = new Fire(ID, 7_000, "e2", 7_010);
    schedules().claim(pending, 9_000);

    assertThat(schedules().forget(8_000)).isEqualTo(1);
    assertThat(schedules().stalled(100_000, 10)).containsExactly(pending);
  }

  @Test
  void deletingAScheduleRemovesItAndItsTicks() {
    schedules().create(schedule(ID, 5_000, 1_000));
    schedules().claim(new Fire(ID, 5_000, "e1", 5_010), 7_000);

    assertThat(schedules().delete(ID)).isTrue();
    assertThat(schedules().delete(ID)).isFalse();
    assertThat(schedules().find(ID)).isEmpty();
    assertThat(schedules().stalled(100_000, 10)).isEmpty();
    assertThat(schedules().setEnabled(ID, true, 1)).isFalse();
  }

  @Test
  void executionsKeepTheirTriggerAndAreFoundBySchedule() {
    ExecutionRecord scheduled =
        ExecutionRecord.accepted("e1", "i1", TASK, "n", "", ExecutionMode.ASYNC, 1_000)
            .triggeredBy(ExecutionTrigger.SCHEDULE, ID);
    ExecutionRecord called =
        ExecutionRecord.accepted("e2", "i2", TASK, "n", "", ExecutionMode.SYNC, 2_000);
    store.executions().upsertAll(List.of(scheduled, called));

    assertThat(store.executions().find("e1")).contains(scheduled);
    assertThat(store.executions().find("e2").orElseThrow().trigger())
        .isEqualTo(ExecutionTrigger.API);
    assertThat(
            store
                .executionFinder()
                .find(
                    new ExecutionQuery(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(ID),
                        new PageRequest(10, 0)))
                .items())
        .containsExactly(scheduled);
  }
}
