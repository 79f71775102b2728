package io.spear.sms.execution;

import io.micrometer.core.instrument.Counter;
import io.spear.support.concurrent.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the records of ended executions past their {@link ExecutionRetention}, with their log
 * lines, so the store stays flat under steady load. Each batch is its own short transaction, so
 * reports keep being stored while a backlog drains.
 */
public final class ExecutionPruner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionPruner.class);

  /** Records deleted per transaction. */
  static final int BATCH = 1_000;

  /**
   * Batches per sweep and rule; a larger backlog (a first start after an upgrade) drains over
   * sweeps.
   */
  static final int MAX_BATCHES = 100;

  /** How often the sweep runs. */
  public static final Duration PERIOD = Duration.ofMinutes(1);

  // A record that ended this recently (or within the retention age, if shorter) is never deleted
  // for the per-task count: a late report of the same execution must find it ended rather than
  // start it again.
  static final Duration SETTLE = Duration.ofMinutes(1);

  private final ExecutionStore executions;
  private final ExecutionRetention retention;
  private final InstantSource clock;
  private final Counter pruned;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sms-execution-retention"));

  /**
   * A pruner of {@code executions} by {@code retention}, counting what it deletes in {@code
   * pruned}.
   */
  public ExecutionPruner(
      ExecutionStore executions,
      ExecutionRetention retention,
      InstantSource clock,
      Counter pruned) {
    this.executions = executions;
    this.retention = retention;
    this.clock = clock;
    this.pruned = pruned;
  }

  /** Sweeps every {@code period}, the first time soon after start, through {@code wrap}. */
  public ExecutionPruner start(Duration period, UnaryOperator<Runnable> wrap) {
    long ms = Math.max(50, period.toMillis());
    Runnable sweep = wrap.apply(this::sweep);
    var _ =
        scheduler.scheduleWithFixedDelay(sweep, Math.min(ms, 10_000), ms, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Deletes what is past the retention now; answers how many records went. */
  public int sweep() {
    Instant now = clock.instant();
    Instant expired = now.minus(retention.maxAge());
    Instant settled = now.minus(min(SETTLE, retention.maxAge()));
    int deleted = drain(() -> executions.deleteEndedBefore(expired, BATCH));
    deleted += drain(() -> executions.deleteBeyondNewest(retention.maxPerTask(), settled, BATCH));
    if (deleted > 0) {
      LOG.info("deleted {} ended execution record(s) past retention", deleted);
    }
    return deleted;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private int drain(IntSupplier batch) {
    int total = 0;
    for (int i = 0; i < MAX_BATCHES; i++) {
      int deleted = batch.getAsInt();
      total += deleted;
      pruned.increment(deleted);
      if (deleted < BATCH) {
        break;
      }
    }
    return total;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
