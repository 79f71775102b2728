package io.spear.sms.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.page.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
