package io.spear.sms.jdbc;

import io.spear.sms.log.ExecutionLogStore;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogLine;
import io.spear.sms.log.LogPage;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

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
          State state =
              Sql.one(
                      c,
                      "SELECT lines, bytes, truncated FROM execution_logs WHERE execution_id = ?",
                      r -> new State(r.getLong(1), r.getLong(2), r.getInt(3) != 0),
                      executionId)
                  .orElse(new State(0, 0, false));
          long count = state.lines();
          long bytes = state.bytes();
          boolean truncated = state.truncated();
          int kept = 0;
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO execution_log_lines (execution_id, seq, ts_ms, stream, level,"
                      + " message) VALUES (?,?,?,?,?,?)")) {
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
            insert.executeBatch();
          }
          Sql.update(
              c,
              "INSERT INTO execution_logs (execution_id, lines, bytes, truncated, updated_at)"
                  + " VALUES (?,?,?,?,?) ON CONFLICT (execution_id) DO UPDATE SET"
                  + " lines = excluded.lines, bytes = excluded.bytes,"
                  + " truncated = excluded.truncated, updated_at = excluded.updated_at",
              executionId,
              count,
              bytes,
              truncated ? 1 : 0,
              clock.millis());
          return kept;
        });
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
