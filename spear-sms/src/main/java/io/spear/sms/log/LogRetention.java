package io.spear.sms.log;

import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes execution logs past their age or beyond the total size, every few minutes. */
public final class LogRetention implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

  private final ExecutionLogStore logs;
  private final LogLimits limits;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sms-log-retention");
            t.setDaemon(true);
            return t;
          });

  /** A sweeper of {@code logs} within {@code limits}. */
  public LogRetention(ExecutionLogStore logs, LogLimits limits, InstantSource clock) {
    this.logs = logs;
    this.limits = limits;
    this.clock = clock;
  }

  /** Sweeps now and then every five minutes. */
  public LogRetention start() {
    var _ = scheduler.scheduleWithFixedDelay(this::sweepSafely, 0, 5, TimeUnit.MINUTES);
    return this;
  }

  /** Deletes what is past the limits now; answers how many executions' logs went. */
  public int sweep() {
    return logs.sweep(clock.instant().minus(limits.retention()), limits.maxTotalBytes());
  }

  private void sweepSafely() {
    try {
      int deleted = sweep();
      if (deleted > 0) {
        LOG.info("deleted the logs of {} execution(s) past retention", deleted);
      }
    } catch (RuntimeException e) {
      LOG.error("execution log retention sweep failed", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
