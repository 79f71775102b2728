package io.spear.sms.jdbc;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Execution records read by id in bulk, the same way on every JDBC store. */
public final class ExecutionDocuments {

  private ExecutionDocuments() {}

  /** The stored records of these ids, in one read per {@link Sql#MAX_IN_LIST} ids. */
  public static Map<String, ExecutionRecord> findAll(Database db, Collection<String> ids) {
    Map<String, ExecutionRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    return db.read(
        c -> {
          for (List<String> chunk : Sql.chunks(ids)) {
            Sql.list(
                    c,
                    "SELECT document FROM executions WHERE id IN ("
                        + Sql.placeholders(chunk.size())
                        + ")",
                    r -> Json.read(r.getString(1), ExecutionRecord.class),
                    chunk.toArray())
                .forEach(r -> found.put(r.executionId(), r));
          }
          return found;
        });
  }
}
