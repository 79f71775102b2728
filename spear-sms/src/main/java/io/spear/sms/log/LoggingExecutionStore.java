package io.spear.sms.log;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link ExecutionStore} that writes the execution's log lines as its records arrive: a system
 * line when it starts and when it ends, and the guest's log (the record's {@code log}, split into
 * lines) when it ends, unless the node streamed them while it ran ({@code POST
 * /api/v1/executions/{id}/logs}).
 */
public final class LoggingExecutionStore implements ExecutionStore {

  private static final Pattern STARTED = Pattern.compile("started on node (\\S*) \\(task .*\\)");

  private final ExecutionStore delegate;
  private final ExecutionLogStore logs;

  /** Records go to {@code delegate}, the lines they imply to {@code logs}. */
  public LoggingExecutionStore(ExecutionStore delegate, ExecutionLogStore logs) {
    this.delegate = delegate;
    this.logs = logs;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return upsertAll(List.of(record)).getFirst();
  }

  // A node's batch costs a fixed number of reads and writes, not a few per record: the previous
  // records and the streamed-log check are read at once, and all lines go in one transaction.
  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    Set<String> ids = new HashSet<>();
    for (ExecutionRecord r : records) {
      ids.add(r.executionId());
    }
    Map<String, ExecutionRecord> before = delegate.findAll(ids);
    List<ExecutionRecord> stored = delegate.upsertAll(records);
    Set<String> withGuestLog = new HashSet<>();
    for (ExecutionRecord r : stored) {
      if (r.status().terminal() && !r.log().isEmpty()) {
        withGuestLog.add(r.executionId());
      }
    }
    Set<String> streamed = logs.withStream(withGuestLog, "guest");
    // A node streaming a running guest's lines opened its log with the start line already.
    Set<String> startLogged = new HashSet<>();
    for (ExecutionRecord r : stored) {
      if (r.status() != ExecutionState.PENDING) {
        startLogged.add(r.executionId());
      }
    }
    startLogged = logs.withStream(startLogged, "system");
    // A batch may carry one execution twice (running, then completed): each record is compared
    // with the state the previous record of the batch left.
    Map<String, ExecutionRecord> previous = new HashMap<>(before);
    Map<String, List<LogLine>> lines = new LinkedHashMap<>();
    for (ExecutionRecord now : stored) {
      List<LogLine> implied =
          linesOf(
              Optional.ofNullable(previous.get(now.executionId())),
              now,
              streamed.contains(now.executionId()),
              startLogged.contains(now.executionId()));
      if (!implied.isEmpty()) {
        lines.computeIfAbsent(now.executionId(), id -> new ArrayList<>()).addAll(implied);
      }
      previous.put(now.executionId(), now);
    }
    logs.appendAll(lines);
    return stored;
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    return delegate.find(executionId);
  }

  @Override
  public Map<String, ExecutionRecord> findAll(Collection<String> executionIds) {
    return delegate.findAll(executionIds);
  }

  @Override
  public List<ExecutionRecord> unfinished(int limit) {
    return delegate.unfinished(limit);
  }

  @Override
  public Page<ExecutionRecord> listByTask(String taskId, PageRequest page) {
    return delegate.listByTask(taskId, page);
  }

  @Override
  public int deleteEndedBefore(Instant cutoff, int limit) {
    return delegate.deleteEndedBefore(cutoff, limit);
  }

  @Override
  public int deleteBeyondNewest(int keep, Instant settledBefore, int limit) {
    return delegate.deleteBeyondNewest(keep, settledBefore, limit);
  }

  private static List<LogLine> linesOf(
      Optional<ExecutionRecord> before,
      ExecutionRecord now,
      boolean guestLinesStreamed,
      boolean startLogged) {
    boolean wasEnded = before.map(r -> r.status().terminal()).orElse(false);
    if (wasEnded) {
      return List.of();
    }
    List<LogLine> lines = new ArrayList<>();
    boolean wasStarted = before.map(r -> r.status() == ExecutionState.RUNNING).orElse(false);
    if (!wasStarted && now.status() != ExecutionState.PENDING && !startLogged) {
      long at = now.startedAtMs() > 0 ? now.startedAtMs() : now.createdAtMs();
      lines.add(LogLine.of(at, "system", "info", started(now.nodeUuid(), now.taskId())));
    }
    if (now.status().terminal()) {
      long at = now.completedAtMs() > 0 ? now.completedAtMs() : now.createdAtMs();
      // A node that streamed the guest's lines while it ran has already sent them.
      if (!now.log().isEmpty() && !guestLinesStreamed) {
        for (String text : now.log().split("\r?\n", -1)) {
          if (!text.isEmpty()) {
            lines.add(LogLine.of(at, "guest", "info", text));
          }
        }
        if (now.logTruncated()) {
          lines.add(LogLine.of(at, "system", "warn", "the node cut the log at its size limit"));
        }
      }
      lines.add(LogLine.of(at, "system", levelOf(now.status()), ending(now)));
    }
    return lines;
  }

  /** The system line that opens an execution's log. */
  static String started(String nodeUuid, String taskId) {
    return "started on node " + nodeUuid + " (task " + taskId + ")";
  }

  /** The node a {@link #started} line names, if {@code message} is one. */
  static Optional<String> startedNode(String message) {
    Matcher m = STARTED.matcher(message);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
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
