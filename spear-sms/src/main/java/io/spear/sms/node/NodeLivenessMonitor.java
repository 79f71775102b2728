package io.spear.sms.node;

import io.spear.support.concurrent.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Marks nodes offline when they miss heartbeats for the timeout; never removes them. */
public final class NodeLivenessMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLivenessMonitor.class);

  private final NodeStore store;
  private final Duration timeout;
  private final InstantSource clock;
  private final ScheduledExecutorService scheduler;
  private final Runnable onChange;

  /**
   * A monitor checking {@code store} a few times per {@code timeout}; {@code onChange} hears of
   * nodes it marked offline.
   */
  public NodeLivenessMonitor(
      NodeStore store, Duration timeout, InstantSource clock, Runnable onChange) {
    this.store = store;
    this.onChange = onChange;
    this.timeout = timeout;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sms-node-liveness"));
  }

  /** Starts checking periodically. */
  public NodeLivenessMonitor start() {
    // Check often enough that a node turns offline at most a quarter-timeout late.
    long periodMs = Math.max(50, Math.min(5_000, timeout.toMillis() / 4));
    var _ =
        scheduler.scheduleWithFixedDelay(
            this::sweepSafely, periodMs, periodMs, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Marks silent nodes offline now; returns how many changed. */
  public int sweep() {
    Instant cutoff = clock.instant().minus(timeout);
    int changed = store.markOfflineBefore(cutoff);
    if (changed > 0) {
      onChange.run();
      LOG.info("marked {} node(s) offline after {} without heartbeat", changed, timeout);
    }
    return changed;
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // A failed sweep must not cancel the schedule; the next one retries.
      LOG.error("node liveness sweep failed", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
