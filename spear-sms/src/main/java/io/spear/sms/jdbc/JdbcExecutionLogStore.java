package io.spear.sms.jdbc;

import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogLine;
import io.spear.sms.log.LogPage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Execution log lines as rows, with a state row per execution for its bounds. */
public final class JdbcExecutionLogStore implements ExecutionLogStore {

  private record State(long lines, long bytes, boolean truncated) {}

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
          try (Appender appender = new Appender(c)) {
            return appender.append(executionId, lines);
          }
        });
  }

  @Override
  public void appendAll(Map<String, List<LogLine>> linesByExecution) {
    if (linesByExecution.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          try (Appender appender = new Appender(c)) {
            for (Map.Entry<String, List<LogLine>> e : linesByExecution.entrySet()) {
              appender.append(e.getKey(), e.getValue());
            }
          }
          return null;
        });
  }

  /** Appends within one transaction, its statements prepared once for all executions. */
  private final class Appender implements AutoCloseable {

    private final PreparedStatement state;
    private final PreparedStatement insert;
    private final PreparedStatement bounds;

    Appender(Connection c) throws SQLException {
      this.state =
          c.prepareStatement(
              "SELECT lines, bytes, truncated FROM execution_logs WHERE execution_id = ?");
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

    int append(String executionId, List<LogLine> lines) throws SQLException {
      State before = stateOf(executionId);
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
      if (kept > 0) {
        insert.executeBatch();
      }
      bounds.setString(1, executionId);
      bounds.setLong(2, count);
      bounds.setLong(3, bytes);
      bounds.setInt(4, truncated ? 1 : 0);
      bounds.setLong(5, clock.millis());
      bounds.executeUpdate();
      return kept;
    }

    private State stateOf(String executionId) throws SQLException {
      state.setString(1, executionId);
      try (ResultSet r = state.executeQuery()) {
        return r.next()
            ? new State(r.getLong(1), r.getLong(2), r.getInt(3) != 0)
            : new State(0, 0, false);
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        state.close();
      } finally {
        try {
          insert.close();
        } finally {
          bounds.close();
        }
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
