package io.spear.sms.postgres;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.jdbc.ExecutionDocuments;
import io.spear.sms.jdbc.Sql;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Execution records as PostgreSQL rows: filterable columns plus the whole record as JSON.
 *
 * <p>The rule that an ended record is never replaced is part of the upsert statement itself (its
 * {@code WHERE NOT terminal}), so it holds when reports for one execution reach different replicas
 * at once.
 */
final class PostgresExecutionStore implements ExecutionStore {

  private static final Sql.RowMapper<ExecutionRecord> DOCUMENT =
      r -> Json.read(r.getString(1), ExecutionRecord.class);

  private static final String UPSERT =
      "INSERT INTO executions (id, task_id, node_uuid, status, terminal, created_at, updated_at,"
          + " document) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
          + " task_id = excluded.task_id, node_uuid = excluded.node_uuid,"
          + " status = excluded.status, terminal = excluded.terminal,"
          + " created_at = excluded.created_at, updated_at = excluded.updated_at,"
          + " document = excluded.document WHERE NOT executions.terminal";

  private final PostgresDatabase db;
  private final InstantSource clock;

  PostgresExecutionStore(PostgresDatabase db, InstantSource clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return upsertAll(List.of(record)).getFirst();
  }

  // One transaction for the whole batch.
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
      record.status().terminal(),
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
                "SELECT document FROM executions WHERE NOT terminal ORDER BY created_at LIMIT ?",
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
                        + " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?",
                    DOCUMENT,
                    taskId,
                    page.limit(),
                    page.offset()),
                Sql.number(c, "SELECT count(*) FROM executions WHERE task_id = ?", taskId)));
  }
}
