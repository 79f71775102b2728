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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An {@link ExecutionStore} that writes the execution's log as its records arrive: the guest's log
 * (the record's {@code log}, split into lines) when it ends, unless the node streamed it while it
 * ran ({@code POST /api/v1/executions/{id}/logs}), between SMS's own start and end lines. Lines
 * that follow from the record (the system lines, and the guest's when they fit the bounds whole)
 * are kept as numbered slots only and written from the record when the log is read ({@link
 * SystemLines}).
 */
public final class LoggingExecutionStore implements ExecutionStore {

  /** Runs work so that the writes it makes commit together. */
  public interface Transactions {
    /** Runs {@code work} in one transaction. */
    <T> T inOne(Supplier<T> work);
  }

  private final ExecutionStore delegate;
  private final ExecutionLogStore logs;
  private final Transactions transactions;

  /** Records go to {@code delegate}, the lines they imply to {@code logs}, each write alone. */
  public LoggingExecutionStore(ExecutionStore delegate, ExecutionLogStore logs) {
    this(delegate, logs, Supplier::get);
  }

  /** Records go to {@code delegate} and their lines to {@code logs} in one of {@code together}. */
  public LoggingExecutionStore(
      ExecutionStore delegate, ExecutionLogStore logs, Transactions together) {
    this.delegate = delegate;
    this.logs = logs;
    this.transactions = together;
  }

  @Override
  public ExecutionRecord upsert(ExecutionRecord record) {
    return upsertAll(List.of(record)).getFirst();
  }

  @Override
  public List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    Set<String> ids = new LinkedHashSet<>();
    for (ExecutionRecord r : records) {
      ids.add(r.executionId());
    }
    return upsertAll(records, delegate.findAll(ids));
  }

  // A node's batch costs a fixed number of reads and writes, not a few per record: the previous
  // records (read by the caller) and the streams already logged are read at once, and the records
  // and their lines go in one transaction.
  @Override
  public List<ExecutionRecord> upsertAll(
      List<ExecutionRecord> records, Map<String, ExecutionRecord> before) {
    Set<String> ids = new LinkedHashSet<>();
    for (ExecutionRecord r : records) {
      ids.add(r.executionId());
    }
    Map<String, Set<String>> streams = logs.streams(ids);
    return transactions.inOne(
        () -> {
          List<ExecutionRecord> stored = delegate.upsertAll(records, before);
          logs.appendAll(linesOf(stored, before, streams));
          return stored;
        });
  }

  private static Map<String, List<LogLine>> linesOf(
      List<ExecutionRecord> stored,
      Map<String, ExecutionRecord> before,
      Map<String, Set<String>> streams) {
    // A batch may carry one execution twice (running, then completed): each record is compared
    // with the state the previous record of the batch left.
    Map<String, ExecutionRecord> previous = new HashMap<>(before);
    Map<String, List<LogLine>> lines = new LinkedHashMap<>();
    for (ExecutionRecord now : stored) {
      Set<String> logged = streams.getOrDefault(now.executionId(), Set.of());
      List<LogLine> implied =
          linesOf(
              Optional.ofNullable(previous.get(now.executionId())),
              now,
              logged.contains("guest"),
              // A node streaming a running guest's lines opened its log with the start line.
              logged.contains("system"));
      if (!implied.isEmpty()) {
        lines.computeIfAbsent(now.executionId(), id -> new ArrayList<>()).addAll(implied);
      }
      previous.put(now.executionId(), now);
    }
    return lines;
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
      lines.add(LogLine.derived(LogLine.Derived.START, SystemLines.start(now)));
    }
    if (now.status().terminal()) {
      long at = SystemLines.endedAt(now);
      // A node that streamed the guest's lines while it ran has already sent them.
      if (!now.log().isEmpty() && !guestLinesStreamed) {
        for (LogLine line : SystemLines.guestLines(now)) {
          lines.add(LogLine.derived(LogLine.Derived.GUEST, line));
        }
        if (now.logTruncated()) {
          lines.add(LogLine.of(at, "system", "warn", "the node cut the log at its size limit"));
        }
      }
      lines.add(LogLine.derived(LogLine.Derived.END, SystemLines.end(now)));
    }
    return lines;
  }
}
