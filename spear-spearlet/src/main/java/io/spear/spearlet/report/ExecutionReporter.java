package io.spear.spearlet.report;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.concurrent.DaemonThreads;
import io.spear.model.execution.ExecutionRecord;
import io.spear.runtime.LogListener;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends execution records to SMS from a background thread, in order, retrying with backoff while
 * SMS is unreachable. Whatever queued up while the previous request was out goes in one batch
 * request, so under load reporting costs a fraction of an invocation. Reporting never blocks or
 * fails an invocation: a full queue drops the record (counted) instead.
 */
public final class ExecutionReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionReporter.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  /** The most records sent in one request (SMS accepts up to 1,000). */
  static final int MAX_BATCH = 500;

  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Running executions' log lines waiting to be sent. */
  private static final int LIVE_LOG_QUEUE = 10_000;

  private final SmsClient sms;
  private final BlockingQueue<ExecutionRecord> queue;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final LiveLogs liveLogs;
  // Records of the current batch already sent one by one, so a retry after a failure midway does
  // not send them again. Sender thread only.
  private final Set<ExecutionRecord> delivered = Collections.newSetFromMap(new IdentityHashMap<>());
  private volatile boolean closing;

  /** A reporter holding at most {@code capacity} unsent records. */
  public ExecutionReporter(SmsClient sms, int capacity) {
    this.sms = sms;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.liveLogs = new LiveLogs(sms, InstantSource.system(), LIVE_LOG_QUEUE);
    this.sender = DaemonThreads.named("spearlet-execution-reporter").newThread(this::run);
    sender.start();
  }

  /** Queues a record; never blocks. */
  public void report(ExecutionRecord record) {
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

  /** Records waiting to be sent. */
  public int pending() {
    return queue.size();
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

  private void run() {
    long backoff = 100;
    List<ExecutionRecord> batch = new ArrayList<>(MAX_BATCH);
    while (!closing || !queue.isEmpty()) {
      ExecutionRecord next;
      try {
        next = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      shipLogs();
      if (next == null) {
        continue;
      }
      // Everything queued meanwhile goes in the same request: under load, one request and one
      // SMS transaction carry many records instead of one each.
      batch.clear();
      batch.add(next);
      try {
        fill(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      while (true) {
        try {
          // Lines first: an execution's lines were all queued before its final record.
          liveLogs.send();
          send(batch);
          backoff = 100;
          break;
        } catch (ApiCallException e) {
          if (closing) {
            LOG.warn(
                "SMS unreachable at shutdown; {} execution reports not delivered", batch.size());
            return;
          }
          LOG.debug("SMS unreachable for execution reports; retrying in {} ms", backoff);
          try {
            Thread.sleep(backoff);
          } catch (InterruptedException ie) {
            return;
          }
          backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
      }
    }
    shipLogs();
  }

  // Sends the queued log lines; SMS being unreachable keeps them for the next round.
  private void shipLogs() {
    try {
      liveLogs.send();
    } catch (ApiCallException e) {
      LOG.debug("SMS unreachable for live execution logs: {}", e.toString());
    }
  }

  /**
   * Delivers a batch; records SMS refuses are logged and dropped.
   *
   * @throws ApiCallException when SMS cannot be reached (the caller retries the batch)
   */
  private void send(List<ExecutionRecord> batch) {
    try {
      sms.postJson("/api/v1/executions", Map.of("executions", batch));
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
        sms.postJson("/api/v1/executions/" + record.executionId(), record, "PUT");
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
  }

  @Override
  public void close() {
    close(2_000);
  }
}
