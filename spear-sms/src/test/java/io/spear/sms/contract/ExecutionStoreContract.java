package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.execution.ExecutionPruner;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.log.LogLine;
import io.spear.sms.log.LogPage;
import io.spear.sms.log.LoggingExecutionStore;
import io.spear.sms.page.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link ExecutionStore} does. */
public abstract class ExecutionStoreContract extends StoreContract {

  private ExecutionStore executions() {
    return store.executions();
  }

  @Test
  void aRecordReadsBackAndLaterReportsUpdateIt() {
    ExecutionRecord running = record("e1", "task", ExecutionState.RUNNING, 1000);
    assertThat(executions().upsert(running)).isEqualTo(running);
    assertThat(executions().find("e1")).contains(running);

    ExecutionRecord completed = record("e1", "task", ExecutionState.COMPLETED, 1000);
    assertThat(executions().upsert(completed)).isEqualTo(completed);
    assertThat(executions().find("e1")).contains(completed);
    assertThat(executions().find("e2")).isEmpty();
  }

  @Test
  void aLateReportNeverUndoesAnEndedExecution() {
    ExecutionRecord failed = record("e1", "task", ExecutionState.FAILED, 1000);
    executions().upsert(failed);

    ExecutionRecord lateRunning = record("e1", "task", ExecutionState.RUNNING, 1000);
    assertThat(executions().upsert(lateRunning)).isEqualTo(failed);
    ExecutionRecord lateCompleted = record("e1", "task", ExecutionState.COMPLETED, 1000);
    assertThat(executions().upsert(lateCompleted)).isEqualTo(failed);
    assertThat(executions().find("e1")).contains(failed);
  }

  @Test
  void aBatchAppliesTheSameRuleToEachRecordInOrder() {
    ExecutionRecord done = record("e1", "task", ExecutionState.COMPLETED, 1000);
    executions().upsert(done);

    List<ExecutionRecord> stored =
        executions()
            .upsertAll(
                List.of(
                    record("e1", "task", ExecutionState.RUNNING, 1000),
                    record("e2", "task", ExecutionState.PENDING, 2000),
                    record("e2", "task", ExecutionState.TIMEOUT, 2000),
                    record("e2", "task", ExecutionState.RUNNING, 2000)));

    assertThat(stored)
        .extracting(ExecutionRecord::status)
        .containsExactly(
            ExecutionState.COMPLETED,
            ExecutionState.PENDING,
            ExecutionState.TIMEOUT,
            ExecutionState.TIMEOUT);
    assertThat(executions().find("e2").orElseThrow().status()).isEqualTo(ExecutionState.TIMEOUT);
  }

  @Test
  void aNodesBatchKeepsTheLinesItsRecordsCarryAsNumberedSlotsOnly() {
    ExecutionStore logging =
        new LoggingExecutionStore(executions(), store.executionLogs(), store::inOneTransaction);

    logging.upsertAll(
        List.of(
            record("e1", "task", ExecutionState.RUNNING, 1000),
            record("e2", "task", ExecutionState.COMPLETED, 1000)));
    logging.upsertAll(List.of(record("e1", "task", ExecutionState.COMPLETED, 1000)));

    for (String id : List.of("e1", "e2")) {
      LogPage page = store.executionLogs().read(id, 0, 100);
      assertThat(page.lines()).isEmpty();
      assertThat(page.startSeq()).isEqualTo(1);
      assertThat(page.guestSeq()).isEqualTo(2);
      assertThat(page.guestLines()).isEqualTo(1);
      assertThat(page.endSeq()).isEqualTo(3);
    }
    assertThat(store.executionLogs().streams(List.of("e1", "e2", "e3")))
        .containsOnlyKeys("e1", "e2")
        .containsEntry("e1", Set.of("guest", "system"));
  }

  @Test
  void writesInsideOneTransactionCommitTogetherOrNotAtAll() {
    ExecutionRecord record = record("e1", "task", ExecutionState.COMPLETED, 1000);

    assertThatThrownBy(
            () ->
                store.inOneTransaction(
                    () -> {
                      executions().upsert(record);
                      store
                          .executionLogs()
                          .append("e1", List.of(LogLine.of(1, "guest", "info", "x")));
                      throw new IllegalStateException("the second write failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(executions().find("e1")).isEmpty();
    assertThat(store.executionLogs().exists("e1")).isFalse();
    assertThat(store.inOneTransaction(() -> executions().upsert(record))).isEqualTo(record);
    assertThat(executions().find("e1")).contains(record);
  }

  @Test
  void manyRecordsAreFoundByIdInOneCallAndUnknownIdsAreLeftOut() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      ids.add("m" + i);
    }
    executions()
        .upsertAll(
            ids.stream().map(id -> record(id, "task", ExecutionState.COMPLETED, 1000)).toList());
    List<String> asked = new ArrayList<>(ids);
    asked.add("unknown");

    Map<String, ExecutionRecord> found = executions().findAll(asked);

    assertThat(found).hasSize(1_200).doesNotContainKey("unknown");
    assertThat(found.get("m1199").status()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(executions().findAll(List.of())).isEmpty();
  }

  @Test
  void unfinishedExecutionsAreListedOldestFirstAndEndedOnesNever() {
    executions().upsert(record("late", "task", ExecutionState.RUNNING, 3000));
    executions().upsert(record("early", "task", ExecutionState.PENDING, 1000));
    executions().upsert(record("done", "task", ExecutionState.COMPLETED, 500));
    executions().upsert(record("gone", "task", ExecutionState.RUNNING, 2000));
    executions().upsert(record("gone", "task", ExecutionState.FAILED, 2000));

    assertThat(executions().unfinished(10))
        .extracting(ExecutionRecord::executionId)
        .containsExactly("early", "late");
    assertThat(executions().unfinished(1))
        .extracting(ExecutionRecord::executionId)
        .containsExactly("early");
  }

  @Test
  void aTasksExecutionsAreListedNewestFirstAndPaged() {
    for (int i = 0; i < 5; i++) {
      executions().upsert(record("a" + i, "task-a", ExecutionState.COMPLETED, 1000 + i));
    }
    executions().upsert(record("b0", "task-b", ExecutionState.COMPLETED, 5000));

    var all = executions().listByTask("task-a", new PageRequest(100, 0));
    assertThat(all.items())
        .extracting(ExecutionRecord::executionId)
        .containsExactly("a4", "a3", "a2", "a1", "a0");
    assertThat(all.totalCount()).isEqualTo(5);

    var page = executions().listByTask("task-a", new PageRequest(2, 1));
    assertThat(page.items()).extracting(ExecutionRecord::executionId).containsExactly("a3", "a2");
    assertThat(page.totalCount()).isEqualTo(5);
    assertThat(executions().listByTask("task-c", new PageRequest(10, 0)).totalCount()).isZero();
  }

  @Test
  void recordsThatEndedBeforeTheCutoffGoWithTheirLogsAndUnfinishedOnesStay() {
    executions().upsert(record("old-done", "task", ExecutionState.COMPLETED, 1000));
    executions().upsert(record("old-failed", "task", ExecutionState.FAILED, 1100));
    executions().upsert(record("old-running", "task", ExecutionState.RUNNING, 1200));
    executions().upsert(record("old-pending", "other", ExecutionState.PENDING, 1300));
    store.executionLogs().append("old-done", List.of(LogLine.of(1000, "guest", "info", "hi")));
    Instant cutoff = clock.instant().plusMillis(1);
    clock.advance(Duration.ofHours(1));
    executions().upsert(record("new-done", "task", ExecutionState.COMPLETED, 900));
    store.executionLogs().append("new-done", List.of(LogLine.of(900, "guest", "info", "hi")));

    assertThat(executions().deleteEndedBefore(cutoff, 100)).isEqualTo(2);

    assertThat(executions().find("old-done")).isEmpty();
    assertThat(executions().find("old-failed")).isEmpty();
    assertThat(store.executionLogs().exists("old-done")).isFalse();
    assertThat(executions().find("old-running")).isPresent();
    assertThat(executions().find("old-pending")).isPresent();
    assertThat(executions().find("new-done")).isPresent();
    assertThat(store.executionLogs().exists("new-done")).isTrue();
    assertThat(executions().deleteEndedBefore(cutoff, 100)).isZero();
  }

  @Test
  void deletionByAgeTakesTheOldestEndsFirstAndAtMostTheLimit() {
    for (int i = 0; i < 5; i++) {
      executions().upsert(record("e" + i, "task", ExecutionState.COMPLETED, 1000 + i));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(executions().deleteEndedBefore(clock.instant(), 2)).isEqualTo(2);

    assertThat(executions().find("e0")).isEmpty();
    assertThat(executions().find("e1")).isEmpty();
    assertThat(executions().find("e2")).isPresent();
  }

  @Test
  void aTaskKeepsItsNewestEndedRecordsAndEveryUnfinishedOne() {
    for (int i = 0; i < 10; i++) {
      executions().upsert(record("a" + i, "task-a", ExecutionState.COMPLETED, 1000 + i));
    }
    executions().upsert(record("a-running", "task-a", ExecutionState.RUNNING, 500));
    executions().upsert(record("a-pending", "task-a", ExecutionState.PENDING, 501));
    executions().upsert(record("b0", "task-b", ExecutionState.COMPLETED, 100));
    store.executionLogs().append("a0", List.of(LogLine.of(1000, "guest", "info", "hi")));
    clock.advance(Duration.ofMinutes(5));

    assertThat(executions().deleteBeyondNewest(3, clock.instant(), 100)).isEqualTo(7);

    assertThat(executions().listByTask("task-a", new PageRequest(100, 0)).items())
        .extracting(ExecutionRecord::executionId)
        .containsExactly("a9", "a8", "a7", "a-pending", "a-running");
    assertThat(executions().find("b0")).isPresent();
    assertThat(store.executionLogs().exists("a0")).isFalse();
    assertThat(executions().deleteBeyondNewest(3, clock.instant(), 100)).isZero();
  }

  @Test
  void theCountRuleLeavesRecordsThatEndedTooRecentlyAndHonoursTheLimit() {
    for (int i = 0; i < 6; i++) {
      executions().upsert(record("s" + i, "task", ExecutionState.COMPLETED, 1000 + i));
    }
    Instant settledBefore = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 4; i++) {
      executions().upsert(record("r" + i, "task", ExecutionState.COMPLETED, i));
    }

    assertThat(executions().deleteBeyondNewest(2, settledBefore, 100)).isZero();
    assertThat(executions().deleteBeyondNewest(2, clock.instant(), 3)).isEqualTo(3);
    assertThat(executions().listByTask("task", new PageRequest(100, 0)).totalCount()).isEqualTo(7);
  }

  // Two tasks under steady load for two simulated hours, swept each minute: the busy one is held by
  // the count, the quiet one by age, and the store holds the same number of records at the end of
  // the second hour as at the end of the first.
  @Test
  void theStoreStaysFlatUnderSteadyLoad() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Counter pruned = registry.counter("pruned");
    ExecutionPruner pruner =
        new ExecutionPruner(
            executions(), new ExecutionRetention(Duration.ofMinutes(10), 300), clock, pruned);
    long[] heldAfterFirstHour = new long[2];
    long bytesAfterFirstHour = 0;
    int n = 0;
    for (int minute = 0; minute < 120; minute++) {
      List<ExecutionRecord> batch = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        batch.add(record("busy" + n++, "busy", ExecutionState.COMPLETED, clock.millis()));
      }
      for (int i = 0; i < 5; i++) {
        batch.add(record("quiet" + n++, "quiet", ExecutionState.COMPLETED, clock.millis()));
      }
      executions().upsertAll(batch);
      clock.advance(Duration.ofMinutes(1));
      pruner.sweep();
      if (minute == 59) {
        heldAfterFirstHour[0] = held("busy");
        heldAfterFirstHour[1] = held("quiet");
        bytesAfterFirstHour = storedBytes();
      }
    }

    assertThat(held("busy")).isEqualTo(heldAfterFirstHour[0]).isBetween(300L, 300L + 60);
    assertThat(held("quiet")).isEqualTo(heldAfterFirstHour[1]).isBetween(45L, 55L);
    assertThat(pruned.count()).isEqualTo(n - held("busy") - held("quiet"));
    // Deleted rows' pages are reused: the second hour adds (almost) nothing to the file.
    assertThat(storedBytes()).isLessThanOrEqualTo(bytesAfterFirstHour + bytesAfterFirstHour / 4);
    pruner.close();
  }

  /** The bytes the store's files take on disk, where the test can see them (else 0). */
  protected long storedBytes() {
    return 0;
  }

  private long held(String task) {
    return executions().listByTask(task, new PageRequest(1, 0)).totalCount();
  }

  private static ExecutionRecord record(
      String id, String task, ExecutionState state, long createdAtMs) {
    boolean ended = state.terminal();
    return new ExecutionRecord(
        id,
        "inv-" + id,
        task,
        "node-1",
        "inst-1",
        "",
        ExecutionMode.SYNC,
        state,
        ended ? 0 : null,
        state == ExecutionState.FAILED ? ErrorCode.RUNTIME_ERROR : null,
        null,
        createdAtMs,
        createdAtMs + 1,
        ended ? createdAtMs + 5 : 0,
        ended ? 4 : 0,
        ended ? 4_000 : 0,
        false,
        ended ? 12 : 0,
        false,
        ended ? "log line\n" : "",
        false,
        null,
        null);
  }
}
