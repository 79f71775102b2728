package io.spear.sms.sqlite;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import java.time.InstantSource;
import java.util.Optional;

/** Execution records as SQLite rows: filterable columns plus the whole record as JSON. */
final class SqliteExecutionStore implements ExecutionStore {

  private static final Sql.RowMapper<ExecutionRecord> DOCUMENT =
      r -> Json.read(r.getString(1), ExecutionRecord.class);

  private final SqliteDatabase db;
  private final InstantSource clock;

  SqliteExecutionStore(SqliteDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return db.write(
        c -> {
          Optional<ExecutionRecord> existing =
              Sql.one(
                  c,
                  "SELECT document FROM executions WHERE id = ?",
                  DOCUMENT,
                  record.executionId());
          if (existing.isPresent() && existing.get().status().terminal()) {
            return existing.get();
          }
          Sql.update(
              c,
              "INSERT INTO executions (id, task_id, node_uuid, status, created_at, updated_at,"
                  + " document) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                  + " task_id = excluded.task_id, node_uuid = excluded.node_uuid,"
                  + " status = excluded.status, created_at = excluded.created_at,"
                  + " updated_at = excluded.updated_at, document = excluded.document",
              record.executionId(),
              record.taskId(),
              record.nodeUuid(),
              record.status().wire(),
              record.createdAtMs(),
              clock.millis(),
              Json.write(record));
          return record;
        });
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    return db.read(
        c -> Sql.one(c, "SELECT document FROM executions WHERE id = ?", DOCUMENT, executionId));
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
