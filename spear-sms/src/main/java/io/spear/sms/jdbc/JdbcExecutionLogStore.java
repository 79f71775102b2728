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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Execution log lines as rows, with a state row per execution for its bounds. */
public final class JdbcExecutionLogStore implements ExecutionLogStore {

  // startSeq, endSeq, guestSeq (the first of guestLines): the numbers of the lines derived from
  // the record when read.
  private record State(
      long lines,
      long bytes,
      boolean truncated,
      long startSeq,
      long endSeq,
      long guestSeq,
      long guestLines) {
    static final State EMPTY = new State(0, 0, false, 0, 0, 0, 0);

    static final String COLUMNS =
        "lines, bytes, truncated, start_seq, end_seq, guest_seq, guest_lines";

    /** The state in the columns from {@code at} on, in the order of {@link #COLUMNS}. */
    static State read(ResultSet r, int at) throws SQLException {
      return new State(
          r.getLong(at),
          r.getLong(at + 1),
          r.getInt(at + 2) != 0,
          r.getLong(at + 3),
          r.getLong(at + 4),
          r.getLong(at + 5),
          r.getLong(at + 6));
    }
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
              "SELECT execution_id, "
                  + State.COLUMNS
                  + " FROM execution_logs WHERE execution_id IN ("
                  + Sql.placeholders(chunk.size())
                  + ")",
              r -> Map.entry(r.getString(1), State.read(r, 2)),
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
              "INSERT INTO execution_logs (execution_id, lines, bytes, truncated, updated_at,"
                  + " start_seq, end_seq, guest_seq, guest_lines) VALUES (?,?,?,?,?,?,?,?,?)"
                  + " ON CONFLICT (execution_id) DO UPDATE SET lines = excluded.lines,"
                  + " bytes = excluded.bytes, truncated = excluded.truncated,"
                  + " updated_at = excluded.updated_at, start_seq = excluded.start_seq,"
                  + " end_seq = excluded.end_seq, guest_seq = excluded.guest_seq,"
                  + " guest_lines = excluded.guest_lines");
    }

    /**
     * Adds the lines within the execution's bounds to the batch; answers how many were kept. The
     * guest lines read from the record stay slots only when all of them are kept whole; else they
     * are stored as rows like any line.
     */
    int add(String executionId, State before, List<LogLine> lines) throws SQLException {
      long count = before.lines();
      long bytes = before.bytes();
      boolean truncated = before.truncated();
      long startSeq = before.startSeq();
      long endSeq = before.endSeq();
      List<LogLine> guest = new ArrayList<>();
      boolean guestWhole = before.guestLines() == 0;
      int kept = 0;
      for (LogLine line : lines) {
        String message = cut(line.message());
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        if (count >= limits.maxLinesPerExecution()
            || bytes + size > limits.maxBytesPerExecution()) {
          truncated = true;
          guestWhole &= line.derived() != LogLine.Derived.GUEST;
          continue;
        }
        count++;
        bytes += size;
        kept++;
        switch (line.derived()) {
          case START -> startSeq = count;
          case END -> endSeq = count;
          case GUEST -> {
            guestWhole &= message.equals(line.message());
            guest.add(new LogLine(count, line.tsMs(), line.stream(), line.level(), message));
          }
          case NONE -> insertLine(executionId, count, line, message);
        }
      }
      long guestSeq = before.guestSeq();
      long guestLines = before.guestLines();
      if (guestWhole && !guest.isEmpty()) {
        guestSeq = guest.getFirst().seq();
        guestLines = guest.size();
      } else {
        for (LogLine line : guest) {
          insertLine(executionId, line.seq(), line, line.message());
        }
      }
      bounds.setString(1, executionId);
      bounds.setLong(2, count);
      bounds.setLong(3, bytes);
      bounds.setInt(4, truncated ? 1 : 0);
      bounds.setLong(5, clock.millis());
      bounds.setLong(6, startSeq);
      bounds.setLong(7, endSeq);
      bounds.setLong(8, guestSeq);
      bounds.setLong(9, guestLines);
      bounds.addBatch();
      return kept;
    }

    private void insertLine(String executionId, long count, LogLine line, String message)
        throws SQLException {
      insert.setString(1, executionId);
      insert.setLong(2, count);
      insert.setLong(3, line.tsMs());
      insert.setString(4, line.stream());
      insert.setString(5, line.level());
      insert.setString(6, message);
      insert.addBatch();
      pendingLines++;
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
          State state =
              Sql.one(
                      c,
                      "SELECT " + State.COLUMNS + " FROM execution_logs WHERE execution_id = ?",
                      r -> State.read(r, 1),
                      executionId)
                  .orElse(State.EMPTY);
          long next = lines.isEmpty() ? cursor : lines.getLast().seq();
          return new LogPage(
              lines,
              next,
              state.truncated(),
              state.startSeq(),
              state.endSeq(),
              state.guestSeq(),
              state.guestLines());
        });
  }

  @Override
  public boolean hasStream(String executionId, String stream) {
    return withStream(List.of(executionId), stream).contains(executionId);
  }

  // Only executions that have a log at all are looked for in the lines: a node's batch of new
  // executions costs one look-up by key per execution.
  @Override
  public Map<String, Set<String>> streams(Collection<String> executionIds) {
    Map<String, Set<String>> found = new HashMap<>();
    if (executionIds.isEmpty()) {
      return found;
    }
    return db.read(
        c -> {
          for (List<String> chunk : Sql.chunks(executionIds)) {
            Sql.list(
                    c,
                    "SELECT l.execution_id, l.start_seq + l.end_seq, l.guest_lines,"
                        + " EXISTS (SELECT 1 FROM execution_log_lines g WHERE g.execution_id ="
                        + " l.execution_id AND g.stream = 'guest'),"
                        + " EXISTS (SELECT 1 FROM execution_log_lines s WHERE s.execution_id ="
                        + " l.execution_id AND s.stream = 'system')"
                        + " FROM execution_logs l WHERE l.execution_id IN ("
                        + Sql.placeholders(chunk.size())
                        + ")",
                    r -> {
                      Set<String> streams = new HashSet<>();
                      if (r.getLong(3) > 0 || r.getBoolean(4)) {
                        streams.add("guest");
                      }
                      if (r.getLong(2) > 0 || r.getBoolean(5)) {
                        streams.add("system");
                      }
                      return Map.entry(r.getString(1), streams);
                    },
                    chunk.toArray())
                .forEach(e -> found.put(e.getKey(), e.getValue()));
          }
          return found;
        });
  }

  @Override
  public Set<String> withStream(Collection<String> executionIds, String stream) {
    Set<String> found = new HashSet<>();
    streams(executionIds)
        .forEach(
            (id, streams) -> {
              if (streams.contains(stream)) {
                found.add(id);
              }
            });
    return found;
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
