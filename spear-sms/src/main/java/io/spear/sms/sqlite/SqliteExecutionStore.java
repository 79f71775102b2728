package io.spear.sms.sqlite;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Execution records as SQLite rows. */
final class SqliteExecutionStore implements ExecutionStore {

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
    return db.write(c -> upsert(c, record));
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
                bind(insert, record);
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

  private void bind(PreparedStatement s, ExecutionRecord record) throws SQLException {
    s.setString(1, record.executionId());
    s.setString(2, record.taskId());
    s.setString(3, record.nodeUuid());
    s.setString(4, record.status().wire());
    s.setLong(5, record.createdAtMs());
    s.setLong(6, clock.millis());
    s.setString(7, Json.write(record));
  }

  private ExecutionRecord upsert(Connection c, ExecutionRecord record) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT document FROM executions WHERE id = ?")) {
      s.setString(1, record.executionId());
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          ExecutionRecord existing = Json.read(r.getString(1), ExecutionRecord.class);
          if (existing.status().terminal()) {
            return existing;
          }
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement(UPSERT)) {
      bind(s, record);
      s.executeUpdate();
    }
    return record;
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT document FROM executions WHERE id = ?")) {
            s.setString(1, executionId);
            try (ResultSet r = s.executeQuery()) {
              return r.next()
                  ? Optional.of(Json.read(r.getString(1), ExecutionRecord.class))
                  : Optional.<ExecutionRecord>empty();
            }
          }
        });
  }

  @Override
  public Page<ExecutionRecord> listByTask(String taskId, PageRequest page) {
    return db.read(
        c -> {
          long total;
          try (PreparedStatement s =
              c.prepareStatement("SELECT count(*) FROM executions WHERE task_id = ?")) {
            s.setString(1, taskId);
            try (ResultSet r = s.executeQuery()) {
              r.next();
              total = r.getLong(1);
            }
          }
          List<ExecutionRecord> items = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT document FROM executions WHERE task_id = ?"
                      + " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?")) {
            s.setString(1, taskId);
            s.setInt(2, page.limit());
            s.setInt(3, page.offset());
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                items.add(Json.read(r.getString(1), ExecutionRecord.class));
              }
            }
          }
          return new Page<>(items, total);
        });
  }
}
