package io.spear.sms.jdbc;

import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogLine;
import io.spear.sms.log.LogPage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Execution log lines as rows, with a state row per execution for its bounds. */
public final class JdbcExecutionLogStore implements ExecutionLogStore {

  private record State(long lines, long bytes, boolean truncated) {
    static final State EMPTY = new State(0, 0, false);
  }

  private final Database db;
  private final LogLimits limits;
  private final InstantSource clock;

  public JdbcExecutionLogStore(Database db, LogLimits limits, InstantSource clock) {
    this.db = db;
    this.limits = limits;
    this.clock = clock;
  }

  @Override
  public int append(String executionId, List<LogLine> lines) {
    return db.write(
        c -> {
          State before = states(c, List.of(executionId)).getOrDefault(executionId, State.EMPTY);
          try (Appender appender = new Appender(c)) {
            int kept = appender.add(executionId, before, lines);
            appender.flush();
            return kept;
          }
        });
  }

  // A node's batch: the bounds of all its executions read in one query per chunk, every line and
  // every bounds row written as one JDBC batch, all in one transaction.
  @Override
  public void appendAll(Map<String, List<LogLine>> linesByExecution) {
    if (linesByExecution.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          Map<String, State> states = states(c, linesByExecution.keySet());
          try (Appender appender = new Appender(c)) {
            for (Map.Entry<String, List<LogLine>> e : linesByExecution.entrySet()) {
              appender.add(e.getKey(), states.getOrDefault(e.getKey(), State.EMPTY), e.getValue());
            }
            appender.flush();
          }
          return null;
        });
  }

  private static Map<String, State> states(Connection c, Collection<String> ids)
      throws SQLException {
    Map<String, State> states = new HashMap<>();
    for (List<String> chunk : Sql.chunks(ids)) {
      for (Map.Entry<String, State> e :
          Sql.list(
              c,
              "SELECT execution_id, lines, bytes, truncated FROM execution_logs"
                  + " WHERE execution_id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")",
              r ->
                  Map.entry(
                      r.getString(1), new State(r.getLong(2), r.getLong(3), r.getInt(4) != 0)),
              chunk.toArray())) {
        states.put(e.getKey(), e.getValue());
      }
    }
    return states;
  }

  /** Appends within one transaction, its statements prepared once for all executions. */
  private final class Appender implements AutoCloseable {

    private final PreparedStatement insert;
    private final PreparedStatement bounds;
    private int pendingLines;

    Appender(Connection c) throws SQLException {
      this.insert =
          c.prepareStatement(
              "INSERT INTO execution_log_lines (execution_id, seq, ts_ms, stream, level,"
                  + " message) VALUES (?,?,?,?,?,?)");
      this.bounds =
          c.prepareStatement(
              "INSERT INTO execution_logs (execution_id, lines, bytes, truncated, updated_at)"
                  + " VALUES (?,?,?,?,?) ON CONFLICT (execution_id) DO UPDATE SET"
                  + " lines = excluded.lines, bytes = excluded.bytes,"
                  + " truncated = excluded.truncated, updated_at = excluded.updated_at");
    }

    /** Adds the lines within the execution's bounds to the batch; answers how many were kept. */
    int add(String executionId, State before, List<LogLine> lines) throws SQLException {
      long count = before.lines();
      long bytes = before.bytes();
      boolean truncated = before.truncated();
      int kept = 0;
      for (LogLine line : lines) {
        String message = cut(line.message());
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        if (count >= limits.maxLinesPerExecution()
            || bytes + size > limits.maxBytesPerExecution()) {
          truncated = true;
          continue;
        }
        count++;
        bytes += size;
        kept++;
        insert.setString(1, executionId);
        insert.setLong(2, count);
        insert.setLong(3, line.tsMs());
        insert.setString(4, line.stream());
        insert.setString(5, line.level());
        insert.setString(6, message);
        insert.addBatch();
      }
      pendingLines += kept;
      bounds.setString(1, executionId);
      bounds.setLong(2, count);
      bounds.setLong(3, bytes);
      bounds.setInt(4, truncated ? 1 : 0);
      bounds.setLong(5, clock.millis());
      bounds.addBatch();
      return kept;
    }

    void flush() throws SQLException {
      if (pendingLines > 0) {
        insert.executeBatch();
        pendingLines = 0;
      }
      bounds.executeBatch();
    }

    @Override
    public void close() throws SQLException {
      try {
        insert.close();
      } finally {
        bounds.close();
      }
    }
  }

  @Override
  public LogPage read(String executionId, long cursor, int limit) {
    return db.read(
        c -> {
          List<LogLine> lines =
              Sql.list(
                  c,
                  "SELECT seq, ts_ms, stream, level, message FROM execution_log_lines"
                      + " WHERE execution_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                  r ->
                      new LogLine(
                          r.getLong(1),
                          r.getLong(2),
                          r.getString(3),
                          r.getString(4),
                          r.getString(5)),
                  executionId,
                  cursor,
                  limit);
          Optional<Boolean> truncated =
              Sql.one(
                  c,
                  "SELECT truncated FROM execution_logs WHERE execution_id = ?",
                  r -> r.getInt(1) != 0,
                  executionId);
          long next = lines.isEmpty() ? cursor : lines.getLast().seq();
          return new LogPage(lines, next, truncated.orElse(false));
        });
  }

  @Override
  public boolean hasStream(String executionId, String stream) {
    return db.read(
        c ->
            Sql.number(
                    c,
                    "SELECT count(*) FROM execution_log_lines WHERE execution_id = ? AND stream = ?",
                    executionId,
                    stream)
                > 0);
  }

  @Override
  public Set<String> withStream(Collection<String> executionIds, String stream) {
    Set<String> found = new HashSet<>();
    if (executionIds.isEmpty()) {
      return found;
    }
    return db.read(
        c -> {
          for (List<String> chunk : Sql.chunks(executionIds)) {
            List<Object> params = new ArrayList<>(chunk);
            params.add(stream);
            found.addAll(
                Sql.list(
                    c,
                    "SELECT DISTINCT execution_id FROM execution_log_lines WHERE execution_id IN ("
                        + Sql.placeholders(chunk.size())
                        + ") AND stream = ?",
                    r -> r.getString(1),
                    params.toArray()));
          }
          return found;
        });
  }

  @Override
  public boolean exists(String executionId) {
    return db.read(
        c ->
            Sql.number(c, "SELECT count(*) FROM execution_logs WHERE execution_id = ?", executionId)
                > 0);
  }

  @Override
  public int sweep(Instant cutoff, long maxTotalBytes) {
    return db.write(
        c -> {
          List<String> old =
              Sql.list(
                  c,
                  "SELECT execution_id FROM execution_logs WHERE updated_at < ?",
                  r -> r.getString(1),
                  cutoff.toEpochMilli());
          int deleted = 0;
          for (String id : old) {
            deleted += delete(c, id);
          }
          long total = Sql.number(c, "SELECT coalesce(sum(bytes), 0) FROM execution_logs");
          while (total > maxTotalBytes) {
            Optional<String> oldest =
                Sql.one(
                    c,
                    "SELECT execution_id FROM execution_logs ORDER BY updated_at, execution_id"
                        + " LIMIT 1",
                    r -> r.getString(1));
            if (oldest.isEmpty()) {
              break;
            }
            deleted += delete(c, oldest.get());
            total = Sql.number(c, "SELECT coalesce(sum(bytes), 0) FROM execution_logs");
          }
          return deleted;
        });
  }

  private static int delete(java.sql.Connection c, String id) throws java.sql.SQLException {
    Sql.update(c, "DELETE FROM execution_log_lines WHERE execution_id = ?", id);
    return Sql.update(c, "DELETE FROM execution_logs WHERE execution_id = ?", id);
  }

  private String cut(String message) {
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= limits.maxMessageBytes()) {
      return message;
    }
    // Cut on a character boundary: decoding a prefix may end in a replacement char; drop it.
    String prefix = new String(utf8, 0, limits.maxMessageBytes(), StandardCharsets.UTF_8);
    return prefix.replaceAll("\uFFFD$", "") + "…";
  }
}
