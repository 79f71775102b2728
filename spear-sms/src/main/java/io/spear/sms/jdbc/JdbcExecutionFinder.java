package io.spear.sms.jdbc;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import io.spear.sms.history.ExecutionFinder;
import io.spear.sms.history.ExecutionQuery;
import io.spear.sms.page.Page;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the executions table across tasks. */
public final class JdbcExecutionFinder implements ExecutionFinder {

  private final Database db;

  public JdbcExecutionFinder(Database db) {
    this.db = db;
  }

  @Override
  public Page<ExecutionRecord> find(ExecutionQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    q.taskId().ifPresent(v -> filter(where, params, "task_id", v));
    q.status().ifPresent(v -> filter(where, params, "status", v.wire()));
    q.nodeUuid().ifPresent(v -> filter(where, params, "node_uuid", v));
    q.scheduleId().ifPresent(v -> filter(where, params, "schedule_id", v));
    return db.read(
        c ->
            new Page<>(
                Sql.list(
                    c,
                    "SELECT document FROM executions"
                        + where
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                    r -> Json.read(r.getString(1), ExecutionRecord.class),
                    Sql.plus(params, q.page().limit(), q.page().offset())),
                Sql.number(c, "SELECT count(*) FROM executions" + where, params.toArray())));
  }

  @Override
  public Map<String, Long> countByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    db.read(
        c ->
            Sql.list(
                c,
                "SELECT status, count(*) FROM executions GROUP BY status ORDER BY status",
                r -> counts.put(r.getString(1), r.getLong(2))));
    return counts;
  }

  private static void filter(StringBuilder where, List<Object> params, String column, Object v) {
    where.append(" AND ").append(column).append(" = ?");
    params.add(v);
  }
}
