package io.spear.sms.jdbc;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution records as rows: filterable columns plus the whole record as JSON.
 *
 * <p>The rule that an ended record is never replaced is part of the upsert statement itself (its
 * {@code WHERE}), so it holds when reports for one execution reach different replicas at once.
 */
public final class JdbcExecutionStore implements ExecutionStore {

  private static final Sql.RowMapper<ExecutionRecord> DOCUMENT =
      r -> Json.read(r.getString(1), ExecutionRecord.class);

  private final Database db;
  private final InstantSource clock;
  private final String upsert;

  /** Execution records in {@code db}, stamped with {@code clock}'s time when stored. */
  public JdbcExecutionStore(Database db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
    this.upsert = upsertSql(db.dialect());
  }

  private static String upsertSql(SqlDialect dialect) {
    String terminal = dialect.executionsHaveTerminalColumn() ? "terminal, " : "";
    String values =
        dialect.executionsHaveTerminalColumn() ? "?,?,?,?,?,?,?,?,?,?" : "?,?,?,?,?,?,?,?,?";
    return "INSERT INTO executions (id, task_id, node_uuid, status, "
        + terminal
        + "created_at, updated_at, triggered_by, schedule_id, document) VALUES ("
        + values
        + ") ON CONFLICT (id) DO UPDATE SET task_id = excluded.task_id,"
        + " node_uuid = excluded.node_uuid, status = excluded.status,"
        + (terminal.isEmpty() ? "" : " terminal = excluded.terminal,")
        + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
        + " triggered_by = excluded.triggered_by, schedule_id = excluded.schedule_id,"
        + " document = excluded.document WHERE "
        + dialect.executionUnfinished("executions");
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return upsertAll(List.of(record)).getFirst();
  }

  // One transaction for the whole batch: one commit, one fsync.
  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    return db.write(c -> ExecutionDocuments.upsertAll(c, upsert, records, this::row));
  }

  private Object[] row(ExecutionRecord record) {
    List<Object> row = new ArrayList<>(10);
    row.add(record.executionId());
    row.add(record.taskId());
    row.add(record.nodeUuid());
    row.add(record.status().wire());
    if (db.dialect().executionsHaveTerminalColumn()) {
      row.add(record.status().terminal());
    }
    row.add(record.createdAtMs());
    row.add(clock.millis());
    row.add(record.trigger().wire());
    row.add(record.scheduleId());
    row.add(Json.write(record));
    return row.toArray();
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
                "SELECT document FROM executions WHERE "
                    + db.dialect().executionUnfinished("executions")
                    + " ORDER BY created_at LIMIT ?",
                DOCUMENT,
                limit));
  }

  @Override
  public Page<ExecutionRecord> listByTask(String taskId, PageRequest page) {
    String order = " ORDER BY created_at DESC, " + db.dialect().insertionOrder() + " DESC";
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT document FROM executions WHERE task_id = ?"
                        + order
                        + " LIMIT ? OFFSET ?",
                    DOCUMENT,
                    taskId,
                    page.limit(),
                    page.offset()),
                Sql.number(c, "SELECT count(*) FROM executions WHERE task_id = ?", taskId)));
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    String ended = db.dialect().executionEnded();
    return db.write(
        c ->
            delete(
                c,
                Sql.list(
                    c,
                    "SELECT id FROM executions WHERE "
                        + ended
                        + " AND updated_at < ? ORDER BY updated_at LIMIT ?",
                    r -> r.getString(1),
                    cutoff.toEpochMilli(),
                    limit)));
  }

  // Only tasks holding more than `keep` records in all are looked at (a count over the task index);
  // for each, the ended records past its `keep` newest ended ones, read through the same index.
  @Override
  public int deleteBeyondNewest(int keep, Instant settledBefore, int limit) {
    String ended = db.dialect().executionEnded();
    String order = "created_at DESC, " + db.dialect().insertionOrder() + " DESC";
    return db.write(
        c -> {
          List<String> tasks =
              Sql.list(
                  c,
                  "SELECT task_id FROM executions GROUP BY task_id HAVING count(*) > ?",
                  r -> r.getString(1),
                  keep);
          List<String> ids = new ArrayList<>();
          for (String task : tasks) {
            if (ids.size() >= limit) {
              break;
            }
            ids.addAll(
                Sql.list(
                    c,
                    "SELECT id FROM (SELECT id, updated_at FROM executions WHERE task_id = ? AND "
                        + ended
                        + " ORDER BY "
                        + order
                        + " LIMIT ? OFFSET ?) beyond WHERE beyond.updated_at < ?",
                    r -> r.getString(1),
                    task,
                    limit - ids.size(),
                    keep,
                    settledBefore.toEpochMilli()));
          }
          return delete(c, ids);
        });
  }

  // The records and their log lines, in the caller's transaction. The ids are of ended records,
  // which never become unfinished again; the condition on the delete only guards that rule.
  private int delete(Connection c, List<String> ids) throws SQLException {
    int deleted = 0;
    for (List<String> chunk : Sql.chunks(ids)) {
      String in = " IN (" + Sql.placeholders(chunk.size()) + ")";
      Object[] params = chunk.toArray();
      deleted +=
          Sql.update(
              c,
              "DELETE FROM executions WHERE id" + in + " AND " + db.dialect().executionEnded(),
              params);
      Sql.update(c, "DELETE FROM execution_log_lines WHERE execution_id" + in, params);
      Sql.update(c, "DELETE FROM execution_logs WHERE execution_id" + in, params);
    }
    return deleted;
  }
}
