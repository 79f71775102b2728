package io.spear.sms.execution;

import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeStatus;
import io.spear.sms.node.NodeStore;
import io.spear.support.concurrent.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends executions that would otherwise stay pending or running forever: those whose node went
 * offline (or was removed) before reporting their end fail with NODE_LOST, and those that have not
 * ended {@code maxAge} after they were accepted fail with EXECUTION_TIMEOUT. A node that reports
 * the real end later cannot undo this: an ended record is never replaced.
 */
public final class ExecutionExpiry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionExpiry.class);

  /** How long an execution may go without an end before SMS ends it, when nothing else says. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

  /** Records looked at per sweep; the oldest first, so a backlog drains over a few sweeps. */
  static final int BATCH = 500;

  private final ExecutionStore executions;
  private final NodeStore nodes;
  private final Duration nodeTimeout;
  private final Duration maxAge;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;

  /**
   * An expiry over these stores.
   *
   * @param nodeTimeout how long a node may go without heartbeat (a record whose node is unknown is
   *     only ended once it is older than this, since its node may be registering)
   * @param maxAge how long after acceptance an unfinished execution is ended as timed out
   */
  public ExecutionExpiry(
      ExecutionStore executions,
      NodeStore nodes,
      Duration nodeTimeout,
      Duration maxAge,
      InstantSource clock) {
    this.executions = executions;
    this.nodes = nodes;
    this.nodeTimeout = nodeTimeout;
    this.maxAge = maxAge;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sms-execution-expiry"));
  }

  /** Sweeps periodically, running {@code sweep} through {@code wrap} (a worker's guard). */
  public ExecutionExpiry start(Duration period, java.util.function.UnaryOperator<Runnable> wrap) {
    long ms = Math.max(50, period.toMillis());
    var _ =
        scheduler.scheduleWithFixedDelay(wrap.apply(this::sweep), ms, ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Ends what should have ended by now; returns how many records it ended. */
  public int sweep() {
    Instant now = clock.instant();
    List<ExecutionRecord> ended = new ArrayList<>();
    for (ExecutionRecord record : executions.unfinished(BATCH)) {
      endingOf(record, now).ifPresent(ended::add);
    }
    if (!ended.isEmpty()) {
      executions.upsertAll(ended);
      LOG.info("ended {} execution(s) whose node was lost or that ran too long", ended.size());
    }
    return ended.size();
  }

  private Optional<ExecutionRecord> endingOf(ExecutionRecord record, Instant now) {
    Instant created = Instant.ofEpochMilli(record.createdAtMs());
    if (!record.nodeUuid().isEmpty()) {
      Optional<Node> node = nodes.find(record.nodeUuid());
      boolean lost =
          node.map(n -> n.status() == NodeStatus.OFFLINE)
              .orElse(created.plus(nodeTimeout).isBefore(now));
      if (lost) {
        return Optional.of(
            end(
                record,
                ErrorCode.NODE_LOST,
                "node "
                    + record.nodeUuid()
                    + (node.isPresent() ? " went offline" : " is gone")
                    + " before reporting the end of this execution",
                now));
      }
    }
    if (created.plus(maxAge).isBefore(now)) {
      return Optional.of(
          end(
              record,
              ErrorCode.EXECUTION_TIMEOUT,
              "no end was reported within " + maxAge + " of the execution's acceptance",
              now));
    }
    return Optional.empty();
  }

  private static ExecutionRecord end(
      ExecutionRecord record, ErrorCode code, String message, Instant now) {
    ExecutionState state =
        code == ErrorCode.EXECUTION_TIMEOUT ? ExecutionState.TIMEOUT : ExecutionState.FAILED;
    return record.ended(
        ExecutionRecord.Ending.beforeRunning(state, code, message), now.toEpochMilli());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
