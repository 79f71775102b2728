package io.spear.sms.log;

import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.Page;
import io.spear.sms.PageRequest;
import io.spear.sms.execution.ExecutionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ExecutionStore} that writes the execution's log lines as its records arrive: a system
 * line when it starts and when it ends, and the guest's log (the record's {@code log}, split into
 * lines) when it ends, unless the node streamed them while it ran ({@code POST
 * /api/v1/executions/{id}/logs}).
 */
public final class LoggingExecutionStore implements ExecutionStore {

  private final ExecutionStore delegate;
  private final ExecutionLogStore logs;

  /** Records go to {@code delegate}, the lines they imply to {@code logs}. */
  public LoggingExecutionStore(ExecutionStore delegate, ExecutionLogStore logs) {
    this.delegate = delegate;
    this.logs = logs;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    Optional<ExecutionRecord> before = delegate.find(record.executionId());
    ExecutionRecord stored = delegate.upsert(record);
    log(before, stored);
    return stored;
  }

  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    List<Optional<ExecutionRecord>> before = new ArrayList<>(records.size());
    for (ExecutionRecord r : records) {
      before.add(delegate.find(r.executionId()));
    }
    List<ExecutionRecord> stored = delegate.upsertAll(records);
    // A batch may carry one execution twice (running, then completed): compare each with the
    // state the previous record of the batch left.
    for (int i = 0; i < stored.size(); i++) {
      Optional<ExecutionRecord> previous = before.get(i);
      for (int j = i - 1; j >= 0; j--) {
        if (records.get(j).executionId().equals(records.get(i).executionId())) {
          previous = Optional.of(stored.get(j));
          break;
        }
      }
      log(previous, stored.get(i));
    }
    return stored;
  }

  @Override
  public Optional<ExecutionRecord> find(String executionId) {
    return delegate.find(executionId);
  }

  @Override
  public Page<ExecutionRecord> listByTask(String taskId, PageRequest page) {
    return delegate.listByTask(taskId, page);
  }

  private void log(Optional<ExecutionRecord> before, ExecutionRecord now) {
    boolean wasEnded = before.map(r -> r.status().terminal()).orElse(false);
    if (wasEnded) {
      return;
    }
    List<LogLine> lines = new ArrayList<>();
    boolean wasStarted = before.map(r -> r.status() == ExecutionState.RUNNING).orElse(false);
    // A node streaming the guest's lines said so with its first ones (the only system line yet).
    if (!wasStarted
        && now.status() != ExecutionState.PENDING
        && !logs.hasStream(now.executionId(), "system")) {
      long at = now.startedAtMs() > 0 ? now.startedAtMs() : now.createdAtMs();
      lines.add(LogLine.of(at, "system", "info", started(now.nodeUuid(), now.taskId())));
    }
    if (now.status().terminal()) {
      long at = now.completedAtMs() > 0 ? now.completedAtMs() : now.createdAtMs();
      // A node that streamed the guest's lines while it ran has already sent them.
      if (!now.log().isEmpty() && !logs.hasStream(now.executionId(), "guest")) {
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
    if (!lines.isEmpty()) {
      logs.append(now.executionId(), lines);
    }
  }

  /** The system line that opens an execution's log. */
  static String started(String nodeUuid, String taskId) {
    return "started on node " + nodeUuid + " (task " + taskId + ")";
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
