package io.spear.sms.jdbc;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Execution records read by id in bulk, the same way on every JDBC store. */
public final class ExecutionDocuments {

  private ExecutionDocuments() {}

  /**
   * Stores each record with {@code upsertSql} (its parameters from {@code row}), a statement that
   * leaves an ended record in place; answers what is stored for each, in order: the record, or the
   * ended one it could not replace. The caller supplies the transaction.
   */
  public static List<ExecutionRecord> upsertAll(
      Connection c,
      String upsertSql,
      List<ExecutionRecord> records,
      Function<ExecutionRecord, Object[]> row)
      throws SQLException {
    List<ExecutionRecord> stored = new ArrayList<>(records);
    if (records.isEmpty()) {
      return stored;
    }
    int[] changed;
    // One statement for the batch; the few records an ended one kept out are read back after.
    try (PreparedStatement upsert = c.prepareStatement(upsertSql)) {
      for (ExecutionRecord record : records) {
        Object[] values = row.apply(record);
        for (int i = 0; i < values.length; i++) {
          upsert.setObject(i + 1, values[i]);
        }
        upsert.addBatch();
      }
      changed = upsert.executeBatch();
    }
    try (PreparedStatement select =
        c.prepareStatement("SELECT document FROM executions WHERE id = ?")) {
      for (int i = 0; i < changed.length; i++) {
        if (changed[i] != 0) {
          continue;
        }
        select.setString(1, records.get(i).executionId());
        try (ResultSet r = select.executeQuery()) {
          r.next();
          stored.set(i, Json.read(r.getString(1), ExecutionRecord.class));
        }
      }
    }
    return stored;
  }

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
