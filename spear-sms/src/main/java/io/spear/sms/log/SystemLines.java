package io.spear.sms.log;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of an execution's log that follow from its record: SMS's own (where it started, how it
 * ended) and the guest's lines that came whole with the final record. They are stored as numbered
 * slots only and written out when the log is read, with the text they would have had as rows.
 */
final class SystemLines {

  private static final Pattern STARTED = Pattern.compile("started on node (\\S*) \\(task .*\\)");

  private SystemLines() {}

  /** The line that opens the log of {@code r}, once it runs. */
  static LogLine start(ExecutionRecord r) {
    long at = r.startedAtMs() > 0 ? r.startedAtMs() : r.createdAtMs();
    return LogLine.of(at, "system", "info", started(r.nodeUuid(), r.taskId()));
  }

  /** The line that closes the log of {@code r}, once it has ended. */
  static LogLine end(ExecutionRecord r) {
    return LogLine.of(endedAt(r), "system", levelOf(r.status()), ending(r));
  }

  /** When the lines that come with the final record of {@code r} are dated. */
  static long endedAt(ExecutionRecord r) {
    return r.completedAtMs() > 0 ? r.completedAtMs() : r.createdAtMs();
  }

  /** The guest's lines the final record of {@code r} carries in its {@code log}. */
  static List<LogLine> guestLines(ExecutionRecord r) {
    List<LogLine> lines = new ArrayList<>();
    if (r.log().isEmpty()) {
      return lines;
    }
    long at = endedAt(r);
    String log = r.log();
    // Split by hand: String.split with this pattern compiles a regex on every record ingested.
    int from = 0;
    while (from <= log.length()) {
      int newline = log.indexOf('\n', from);
      int end = newline < 0 ? log.length() : newline;
      int textEnd = newline > from && log.charAt(end - 1) == '\r' ? end - 1 : end;
      if (textEnd > from) {
        lines.add(LogLine.of(at, "guest", "info", log.substring(from, textEnd)));
      }
      from = end + 1;
    }
    return lines;
  }

  /** The text of a start line. */
  static String started(String nodeUuid, String taskId) {
    return "started on node " + nodeUuid + " (task " + taskId + ")";
  }

  /** The node a {@link #started} line names, if {@code message} is one. */
  static Optional<String> startedNode(String message) {
    Matcher m = STARTED.matcher(message);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * {@code stored} (read after {@code cursor}, at most {@code limit} lines) with the derived lines
   * whose slots fall in it, cut to {@code limit}; the record is read only when one does.
   */
  static LogPage withDerived(
      LogPage stored, long cursor, int limit, Supplier<Optional<ExecutionRecord>> record) {
    // A full page ends at its last stored line: slots past it belong to the next page.
    long upTo = stored.lines().size() >= limit ? stored.lines().getLast().seq() : Long.MAX_VALUE;
    boolean start = inPage(stored.startSeq(), 1, cursor, upTo);
    boolean guest = inPage(stored.guestSeq(), stored.guestLines(), cursor, upTo);
    boolean end = inPage(stored.endSeq(), 1, cursor, upTo);
    if (!start && !guest && !end) {
      return stored;
    }
    Optional<ExecutionRecord> r = record.get();
    if (r.isEmpty()) {
      return stored;
    }
    List<LogLine> lines = new ArrayList<>(stored.lines());
    if (start && r.get().status() != ExecutionState.PENDING) {
      lines.add(start(r.get()).withSeq(stored.startSeq()));
    }
    if (guest && r.get().status().terminal()) {
      List<LogLine> fromLog = guestLines(r.get());
      for (int i = 0; i < fromLog.size() && i < stored.guestLines(); i++) {
        long seq = stored.guestSeq() + i;
        if (seq > cursor && seq <= upTo) {
          lines.add(fromLog.get(i).withSeq(seq));
        }
      }
    }
    if (end && r.get().status().terminal()) {
      lines.add(end(r.get()).withSeq(stored.endSeq()));
    }
    lines.sort(Comparator.comparingLong(LogLine::seq));
    List<LogLine> page = lines.size() > limit ? lines.subList(0, limit) : lines;
    long next = page.isEmpty() ? cursor : page.getLast().seq();
    return new LogPage(
        page,
        next,
        stored.truncated(),
        stored.startSeq(),
        stored.endSeq(),
        stored.guestSeq(),
        stored.guestLines());
  }

  // Whether the slots first .. first + count - 1 (none when first is 0) reach into (cursor, upTo].
  private static boolean inPage(long first, long count, long cursor, long upTo) {
    return first > 0 && count > 0 && first + count - 1 > cursor && first <= upTo;
  }

  private static String levelOf(ExecutionState state) {
    return switch (state) {
      case COMPLETED -> "info";
      case CANCELLED -> "warn";
      default -> "error";
    };
  }

  private static String ending(ExecutionRecord r) {
    String after = " after " + r.durationMs() + " ms";
    return switch (r.status()) {
      case COMPLETED -> "completed with exit code " + r.exitCode() + after;
      case TIMEOUT -> "timed out" + after;
      case CANCELLED -> "cancelled" + after;
      default ->
          "failed"
              + (r.exitCode() == null ? "" : " with exit code " + r.exitCode())
              + (r.error() == null ? "" : ": " + r.error())
              + (r.message() == null ? "" : " (" + r.message() + ")")
              + after;
    };
  }
}
