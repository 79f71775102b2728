package io.spear.sms.jdbc;

import io.spear.model.execution.ExecutionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the two databases say differently; every store kind is written once over these few words.
 * The rest (upserts with {@code ON CONFLICT}, {@code RETURNING}, {@code LIMIT/OFFSET}) both speak
 * alike.
 */
public enum SqlDialect {

  /** The embedded database: one process, writes serialized by its own lock. */
  SQLITE("rowid", false),

  /** The shared database: several SMS replicas writing at once. */
  POSTGRESQL("seq", true);

  /** The channel of node-change notifications; its payload is the node's uuid. */
  public static final String NODE_CHANNEL = "spear_nodes";

  /** The channel of task-change notifications (updates and deletions); its payload is the id. */
  public static final String TASK_CHANNEL = "spear_tasks";

  private final String insertionOrder;
  private final boolean executionsHaveTerminalColumn;

  SqlDialect(String insertionOrder, boolean executionsHaveTerminalColumn) {
    this.insertionOrder = insertionOrder;
    this.executionsHaveTerminalColumn = executionsHaveTerminalColumn;
  }

  /** The column that orders rows as inserted, the tie-break of equal timestamps. */
  public String insertionOrder() {
    return insertionOrder;
  }

  /**
   * The row-lock suffix of a {@code SELECT} read before an update in the same transaction; SQLite
   * needs none (its writes are serialized), PostgreSQL's replicas do.
   */
  public String forUpdate() {
    return this == POSTGRESQL ? " FOR UPDATE" : "";
  }

  /** Whether a statement failed on a unique index (the endpoint of a task, say). */
  public boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      // SQLITE_CONSTRAINT is 19; the extended code of a unique index is 19 + (8 << 8).
      case SQLITE ->
          (e.getErrorCode() & 0xff) == 19 && String.valueOf(e.getMessage()).contains("UNIQUE");
    };
  }

  /**
   * Whether the executions table keeps an ended flag of its own (PostgreSQL, with its partial index
   * on it) or an execution's end is read from its status (SQLite).
   */
  public boolean executionsHaveTerminalColumn() {
    return executionsHaveTerminalColumn;
  }

  /** The condition that a row of {@code table} (the executions) has not ended. */
  public String executionUnfinished(String table) {
    if (executionsHaveTerminalColumn) {
      return "NOT " + table + ".terminal";
    }
    return table
        + ".status IN ("
        + Arrays.stream(ExecutionState.values())
            .filter(state -> !state.terminal())
            .map(state -> "'" + state.wire() + "'")
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * The condition that an execution has ended, unqualified and written exactly as in the partial
   * index {@code executions_ended} (SQLite uses a partial index only for a matching condition).
   */
  public String executionEnded() {
    if (executionsHaveTerminalColumn) {
      return "terminal";
    }
    return "status NOT IN ("
        + Arrays.stream(ExecutionState.values())
            .filter(state -> !state.terminal())
            .map(state -> "'" + state.wire() + "'")
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * Tells every SMS sharing the database, when (and only if) the transaction commits, that a node
   * changed. SQLite has a single SMS, which hears its own changes from the store wrapper instead.
   */
  public void notifyNodeChanged(Connection c, String uuid) throws SQLException {
    if (this == POSTGRESQL) {
      Sql.one(c, "SELECT pg_notify(?, ?)", r -> true, NODE_CHANNEL, uuid);
    }
  }

  /**
   * Tells every SMS sharing the database, when the transaction commits, that a task was updated or
   * deleted; as for nodes, SQLite's single SMS hears it from the store itself.
   */
  public void notifyTaskChanged(Connection c, String taskId) throws SQLException {
    if (this == POSTGRESQL) {
      Sql.one(c, "SELECT pg_notify(?, ?)", r -> true, TASK_CHANNEL, taskId);
    }
  }
}
