package io.spear.sms.sqlite;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.jdbc.ExecutionDocuments;
import io.spear.sms.jdbc.Sql;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Execution records as SQLite rows: filterable columns plus the whole record as JSON. */
final class SqliteExecutionStore implements ExecutionStore {

  private static final Sql.RowMapper<ExecutionRecord> DOCUMENT =
      r -> Json.read(r.getString(1), ExecutionRecord.class);

  // An ended record is never replaced: the WHERE leaves it, and the update count says so.
  private static final String UPSERT =
      "INSERT INTO executions (id, task_id, node_uuid, status, created_at, updated_at, document)"
          + " VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET task_id = excluded.task_id,"
          + " node_uuid = excluded.node_uuid, status = excluded.status,"
          + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
          + " document = excluded.document WHERE executions.status NOT IN ("
          + Arrays.stream(ExecutionState.values())
              .filter(ExecutionState::terminal)
              .map(state -> "'" + state.wire() + "'")
              .collect(Collectors.joining(", "))
          + ")";

  private final SqliteDatabase db;
  private final InstantSource clock;

  SqliteExecutionStore(SqliteDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return upsertAll(List.of(record)).getFirst();
  }

  // One transaction for the whole batch: one commit, one fsync.
  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    return db.write(c -> ExecutionDocuments.upsertAll(c, UPSERT, records, this::row));
  }

  private Object[] row(ExecutionRecord record) {
    return new Object[] {
      record.executionId(),
      record.taskId(),
      record.nodeUuid(),
      record.status().wire(),
      record.createdAtMs(),
      clock.millis(),
      Json.write(record)
    };
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    return db.read(
        c -> Sql.one(c, "SELECT document FROM executions WHERE id = ?", DOCUMENT, executionId));
  }

  @Override
  public Map<String, ExecutionRecord> findAll(Collection<String> executionIds) {
    return ExecutionDocuments.findAll(db, executionIds);
  }

  @Override
  public List<ExecutionRecord> unfinished(int limit) {
    return db.read(
        c ->
            Sql.list(
                c,
                "SELECT document FROM executions WHERE status IN ('pending', 'running')"
                    + " ORDER BY created_at LIMIT ?",
                DOCUMENT,
                limit));
  }

  @Override
  public Page<ExecutionRecord> listByTask(String taskId, PageRequest page) {
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT document FROM executions WHERE task_id = ?"
                        + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?",
                    DOCUMENT,
                    taskId,
                    page.limit(),
                    page.offset()),
                Sql.number(c, "SELECT count(*) FROM executions WHERE task_id = ?", taskId)));
  }
}
