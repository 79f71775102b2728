package io.spear.spearlet.report;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.api.ExecutionLogLines;
import io.spear.model.execution.ExecutionRecord;
import io.spear.runtime.LogListener;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log lines of running executions on their way to SMS ({@code POST
 * /api/v1/executions/{id}/logs}), so that a running execution's log can be followed there. The
 * guest's thread only queues a line (never blocks; a full queue drops it, counted); the reporter's
 * thread sends what queued up, a batch per execution, before the execution records it sends, so an
 * execution's lines always reach SMS before its final record.
 */
final class LiveLogs {

  private static final Logger LOG = LoggerFactory.getLogger(LiveLogs.class);

  /** The most lines SMS takes in one request. */
  static final int MAX_LINES_PER_REQUEST = 1_000;

  /** Lines kept for a retry while SMS is unreachable; older ones are dropped beyond this. */
  private static final int MAX_CARRIED = 10_000;

  /** One line of one execution; the first one also carries where and when the execution started. */
  record Line(String executionId, long tsMs, String level, String message, Started started) {}

  /** The start of an execution, as SMS's system line says it. */
  record Started(String nodeUuid, String taskId, long tsMs) {}

  private final SmsClient sms;
  private final InstantSource clock;
  private final BlockingQueue<Line> queue;
  // Lines taken from the queue but not delivered yet. Sender thread only.
  private final Deque<Line> carried = new ArrayDeque<>();
  // Executions that ended since the last send (any thread adds, the sender drains).
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  // Executions some of whose lines went out live. Sender thread only.
  private final Set<String> streamed = new HashSet<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  LiveLogs(SmsClient sms, InstantSource clock, int capacity) {
    this.sms = sms;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** A listener queueing the lines of the execution {@code running}. */
  LogListener forExecution(ExecutionRecord running) {
    String executionId = running.executionId();
    Started started =
        new Started(
            running.nodeUuid(),
            running.taskId(),
            running.startedAtMs() > 0 ? running.startedAtMs() : clock.millis());
    AtomicBoolean first = new AtomicBoolean(true);
    return text -> {
      Line line =
          new Line(
              executionId,
              clock.millis(),
              levelOf(text),
              text,
              first.getAndSet(false) ? started : null);
      if (!queue.offer(line)) {
        dropped.incrementAndGet();
      }
    };
  }

  // spear.log writes "[level] message"; stderr lines have no level.
  private static String levelOf(String text) {
    if (text.startsWith("[warn] ")) {
      return "warn";
    }
    if (text.startsWith("[error] ")) {
      return "error";
    }
    return "info";
  }

  /**
   * Says that an execution ended (its final record is queued). Lines of it that have not started to
   * go out live are not sent at all: the final record carries the whole log, and a short invocation
   * would otherwise cost SMS a request of its own.
   */
  void ended(String executionId) {
    ended.add(executionId);
  }

  boolean idle() {
    return queue.isEmpty() && carried.isEmpty();
  }

  /**
   * Sends every queued line, grouped by execution in the order written.
   *
   * @throws ApiCallException when SMS cannot be reached; the lines are kept for the next call
   */
  void send() {
    List<Line> drained = new ArrayList<>();
    queue.drainTo(drained);
    carried.addAll(drained);
    // Every line of an ended execution was queued before it was said to end, so it is in carried.
    Set<String> endedNow = new HashSet<>();
    for (String id : ended) {
      ended.remove(id);
      endedNow.add(id);
    }
    if (!endedNow.isEmpty()) {
      carried.removeIf(
          l -> endedNow.contains(l.executionId()) && !streamed.contains(l.executionId()));
      streamed.removeAll(endedNow);
    }
    while (carried.size() > MAX_CARRIED) {
      carried.removeFirst();
      dropped.incrementAndGet();
    }
    while (!carried.isEmpty()) {
      Map<String, List<Line>> byExecution = new LinkedHashMap<>();
      int n = 0;
      for (Line line : carried) {
        if (n++ == MAX_LINES_PER_REQUEST) {
          break;
        }
        byExecution.computeIfAbsent(line.executionId(), k -> new ArrayList<>()).add(line);
      }
      for (Map.Entry<String, List<Line>> e : byExecution.entrySet()) {
        post(e.getKey(), e.getValue());
        // Delivered (or refused for good): these very lines leave the carry.
        Set<Line> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(e.getValue());
        carried.removeIf(done::contains);
      }
    }
  }

  private void post(String executionId, List<Line> lines) {
    List<ExecutionLogLines.Line> body = new ArrayList<>(lines.size());
    ExecutionLogLines.Started started = null;
    for (Line l : lines) {
      body.add(new ExecutionLogLines.Line(l.tsMs(), l.level(), l.message()));
      if (l.started() != null) {
        Started s = l.started();
        started = new ExecutionLogLines.Started(s.nodeUuid(), s.taskId(), s.tsMs());
      }
    }
    streamed.add(executionId);
    try {
      sms.appendExecutionLogs(executionId, new ExecutionLogLines(body, started));
      sent.addAndGet(lines.size());
    } catch (ApiCallException e) {
      if (!e.answered() || e.status() / 100 == 5) {
        throw e;
      }
      dropped.addAndGet(lines.size());
      LOG.warn("SMS refused log lines of {}: {}", executionId, e.toString());
    }
  }

  /** Lines delivered to SMS. */
  long sent() {
    return sent.get();
  }

  /** Lines dropped: queue full, too many waiting for SMS, or refused. */
  long dropped() {
    return dropped.get();
  }
}
