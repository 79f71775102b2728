package io.spear.sms.sqlite;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.jdbc.ExecutionDocuments;
import io.spear.sms.jdbc.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Execution records as SQLite rows: filterable columns plus the whole record as JSON. */
final class SqliteExecutionStore implements ExecutionStore {

  private static final Sql.RowMapper<ExecutionRecord> DOCUMENT =
      r -> Json.read(r.getString(1), ExecutionRecord.class);

  private static final String UPSERT =
      "INSERT INTO executions (id, task_id, node_uuid, status, created_at, updated_at, document)"
          + " VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET task_id = excluded.task_id,"
          + " node_uuid = excluded.node_uuid, status = excluded.status,"
          + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
          + " document = excluded.document";

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
          Sql.update(c, UPSERT, row(record));
          return record;
        });
  }

  // One transaction for the whole batch (one commit, one fsync), its two statements prepared
  // once, and the stored document parsed only when it is the one kept.
  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    return db.write(
        c -> {
          List<ExecutionRecord> stored = new ArrayList<>(records.size());
          try (PreparedStatement select =
                  c.prepareStatement("SELECT status, document FROM executions WHERE id = ?");
              PreparedStatement insert = c.prepareStatement(UPSERT)) {
            for (ExecutionRecord record : records) {
              ExecutionRecord kept = endedRecord(select, record.executionId());
              if (kept == null) {
                Object[] values = row(record);
                for (int i = 0; i < values.length; i++) {
                  insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
                kept = record;
              }
              stored.add(kept);
            }
          }
          return stored;
        });
  }

  // The stored record when it has ended (and so must not be replaced), else null.
  private static ExecutionRecord endedRecord(PreparedStatement select, String id)
      throws SQLException {
    select.setString(1, id);
    try (ResultSet r = select.executeQuery()) {
      if (r.next()
          && ExecutionState.fromWire(r.getString(1)).map(ExecutionState::terminal).orElse(false)) {
        return Json.read(r.getString(2), ExecutionRecord.class);
      }
      return null;
    }
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
