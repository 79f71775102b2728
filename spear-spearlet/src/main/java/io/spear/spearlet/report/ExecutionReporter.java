package io.spear.spearlet.report;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.execution.ExecutionRecord;
import io.spear.runtime.LogListener;
import io.spear.support.concurrent.Workers;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends execution records to SMS from a background thread, in order, retrying with backoff while
 * SMS is unreachable. Whatever queued up while the previous request was out goes in one batch
 * request, so under load reporting costs a fraction of an invocation. Reporting never blocks or
 * fails an invocation; instead the node stops admitting invocations while the queue is more than
 * half full ({@link #backlogged()}), so that the other half holds the records of every execution
 * already admitted; a caller may wait a little for it to drain ({@link #awaitNotBacklogged}). Only
 * a record that still finds the queue full is dropped (counted).
 */
public final class ExecutionReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionReporter.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  /** The most records sent in one request (as many as SMS accepts). */
  static final int MAX_BATCH = 1_000;

  /** Steps a batch may fail (other than SMS being unreachable) before it is dropped. */
  static final int MAX_ATTEMPTS = 3;

  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Running executions' log lines waiting to be sent. */
  private static final int LIVE_LOG_QUEUE = 10_000;

  private final SmsClient sms;
  private final int capacity;
  private final BlockingQueue<ExecutionRecord> queue;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedSends = new AtomicLong();
  private final LiveLogs liveLogs;
  // Records of the current batch already sent one by one, so a retry after a failure midway does
  // not send them again. Sender thread only.
  private final Set<ExecutionRecord> delivered = Collections.newSetFromMap(new IdentityHashMap<>());
  // The batch being delivered, kept across a failed step. Sender thread only.
  private final List<ExecutionRecord> batch = new ArrayList<>(MAX_BATCH);
  private int attempts;
  // Callers waiting for the queue to drain below half (awaitNotBacklogged); the sender wakes them.
  private final ReentrantLock roomLock = new ReentrantLock();
  private final Condition roomMade = roomLock.newCondition();
  private final AtomicInteger roomWaiters = new AtomicInteger();
  private volatile boolean closing;
  private volatile boolean gaveUp;

  /** A reporter holding at most {@code capacity} unsent records. */
  public ExecutionReporter(SmsClient sms, int capacity) {
    this(sms, capacity, new Workers());
  }

  /**
   * A reporter holding at most {@code capacity} unsent records, its sender one of {@code workers}
   * (so that a failure of the sender is retried and shows in the node's health).
   */
  public ExecutionReporter(SmsClient sms, int capacity, Workers workers) {
    this.sms = sms;
    this.capacity = capacity;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.liveLogs = new LiveLogs(sms, InstantSource.system(), LIVE_LOG_QUEUE);
    // Stalled only when a step takes this long: SMS down keeps one step retrying, which is not
    // the reporter's failure (the node's heartbeats show SMS's reachability).
    this.sender =
        workers.loop("spearlet-execution-reporter", Duration.ofMinutes(10), this::done, this::step);
  }

  /** Queues a record; never blocks. */
  public void report(ExecutionRecord record) {
    if (record.status().terminal()) {
      liveLogs.ended(record.executionId());
    }
    if (!queue.offer(record)) {
      long n = dropped.incrementAndGet();
      // At the 1st, 2nd, 4th, 8th... drop: a node that outruns SMS must not also flood its log.
      if (Long.bitCount(n) != 1) {
        return;
      }
      LOG.warn(
          "execution report queue full; dropped report of {} ({} dropped so far)",
          record.executionId(),
          n);
    }
  }

  /**
   * Where an execution's log lines go while it runs: they reach SMS within about 100 ms, and always
   * before the execution's final record.
   */
  public LogListener liveLog(ExecutionRecord running) {
    return liveLogs.forExecution(running);
  }

  /** Log lines of running executions dropped (queue full, SMS unreachable too long). */
  public long liveLogLinesDropped() {
    return liveLogs.dropped();
  }

  /** Records delivered to SMS. */
  public long sent() {
    return sent.get();
  }

  /** Records dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Attempts to send a batch that failed (SMS unreachable or refusing); each is retried. */
  public long failedSends() {
    return failedSends.get();
  }

  /** Records waiting to be sent. */
  public int pending() {
    return queue.size();
  }

  /**
   * Whether reports are not reaching SMS as fast as executions end: the queue is more than half
   * full, and new invocations should wait or be refused until it drains.
   */
  public boolean backlogged() {
    return queue.size() > capacity / 2;
  }

  /**
   * Waits up to {@code timeoutNanos} for the queue to be at most half full. A caller that would be
   * refused for the backlog waits instead while the sender catches up, so clients are slowed to the
   * pace SMS takes records rather than refused as fast as they can ask (each refusal costs the
   * capacity that serves the admitted ones).
   *
   * @return whether the queue is at most half full now; false when the wait ran out or the caller
   *     was interrupted (its interrupt kept)
   */
  public boolean awaitNotBacklogged(long timeoutNanos) {
    if (!backlogged()) {
      return true;
    }
    long until = System.nanoTime() + timeoutNanos;
    // Counted before the queue is looked at again, so the sender's wake-up cannot be missed.
    roomWaiters.incrementAndGet();
    roomLock.lock();
    try {
      while (backlogged()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        roomMade.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      roomLock.unlock();
      roomWaiters.decrementAndGet();
    }
  }

  // Sender thread, after records left the queue: wakes the callers waiting for it to drain.
  private void drained() {
    if (roomWaiters.get() > 0) {
      roomLock.lock();
      try {
        roomMade.signalAll();
      } finally {
        roomLock.unlock();
      }
    }
  }

  // Waits a little for more records before sending: each report costs SMS an HTTP exchange and a
  // transaction, so under load the node sends a few large batches instead of one per invocation.
  private void fill(List<ExecutionRecord> batch) throws InterruptedException {
    long deadline = System.nanoTime() + LINGER_NANOS;
    queue.drainTo(batch, MAX_BATCH - batch.size());
    while (batch.size() < MAX_BATCH && !closing) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      ExecutionRecord more = queue.poll(left, TimeUnit.NANOSECONDS);
      if (more == null) {
        return;
      }
      batch.add(more);
      queue.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  // One step of the sender: take a batch when none is pending, then deliver it, retrying while SMS
  // is unreachable. A failure of any other kind leaves the batch pending for the next step, which
  // the worker runs after a backoff; a batch that fails that way several times is dropped, counted.
  private void step() {
    if (batch.isEmpty()) {
      ExecutionRecord next;
      try {
        next = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      shipLogs();
      if (next == null) {
        return;
      }
      // Everything queued meanwhile goes in the same request: under load, one request and one
      // SMS transaction carry many records instead of one each.
      batch.add(next);
      try {
        fill(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      drained();
      attempts = 0;
    }
    if (++attempts > MAX_ATTEMPTS) {
      long n = dropped.addAndGet(batch.size());
      LOG.error(
          "dropping {} execution reports that failed to send {} times ({} dropped so far)",
          batch.size(),
          MAX_ATTEMPTS,
          n);
      batch.clear();
      delivered.clear();
      return;
    }
    long backoff = 100;
    while (true) {
      try {
        // Lines first: an execution's lines were all queued before its final record.
        liveLogs.send();
        send(batch);
        batch.clear();
        return;
      } catch (ApiCallException e) {
        failedSends.incrementAndGet();
        if (closing) {
          LOG.warn("SMS unreachable at shutdown; {} execution reports not delivered", batch.size());
          gaveUp = true;
          return;
        }
        LOG.debug("SMS unreachable for execution reports; retrying in {} ms", backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  // Sends the queued log lines; SMS being unreachable keeps them for the next round.
  private void shipLogs() {
    try {
      liveLogs.send();
    } catch (ApiCallException e) {
      LOG.debug("SMS unreachable for live execution logs: {}", e.toString());
    }
  }

  private boolean done() {
    return closing && (gaveUp || (batch.isEmpty() && queue.isEmpty()));
  }

  /**
   * Delivers a batch; records SMS refuses are logged and dropped.
   *
   * @throws ApiCallException when SMS cannot be reached (the caller retries the batch)
   */
  private void send(List<ExecutionRecord> batch) {
    try {
      sms.reportExecutions(batch);
      sent.addAndGet(batch.size());
      return;
    } catch (ApiCallException e) {
      if (!e.answered() || e.status() / 100 != 4) {
        throw e;
      }
      // One record was refused: send them singly so that only that one is lost.
    }
    for (ExecutionRecord record : batch) {
      if (delivered.contains(record)) {
        continue;
      }
      try {
        sms.reportExecution(record);
        sent.incrementAndGet();
      } catch (ApiCallException e) {
        if (!e.answered() || e.status() / 100 != 4) {
          throw e;
        }
        LOG.error("SMS refused the report of {}: {}", record.executionId(), e.toString());
      }
      delivered.add(record);
    }
    delivered.clear();
  }

  /** Sends what is queued (waiting up to {@code waitMs}), then stops. */
  public void close(long waitMs) {
    closing = true;
    try {
      sender.join(waitMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.interrupt();
    // Lines of executions that ended without a record still to send go out last.
    shipLogs();
  }

  @Override
  public void close() {
    close(2_000);
  }
}
