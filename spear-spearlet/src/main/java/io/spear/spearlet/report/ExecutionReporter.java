package io.spear.spearlet.report;

import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.model.execution.ExecutionRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends execution records to SMS from a background thread, in order, retrying with backoff while
 * SMS is unreachable. Reporting never blocks or fails an invocation: a full queue drops the record
 * (counted) instead.
 */
public final class ExecutionReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionReporter.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  private final SmsClient sms;
  private final BlockingQueue<ExecutionRecord> queue;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;

  /** A reporter holding at most {@code capacity} unsent records. */
  public ExecutionReporter(SmsClient sms, int capacity) {
    this.sms = sms;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.sender = new Thread(this::run, "spearlet-execution-reporter");
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues a record; never blocks. */
  public void report(ExecutionRecord record) {
    if (!queue.offer(record)) {
      long n = dropped.incrementAndGet();
      LOG.warn(
          "execution report queue full; dropped report of {} ({} dropped so far)",
          record.executionId(),
          n);
    }
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

  private void run() {
    long backoff = 100;
    while (!closing || !queue.isEmpty()) {
      ExecutionRecord next;
      try {
        next = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      while (true) {
        try {
          sms.postJson("/api/v1/executions/" + next.executionId(), next, "PUT");
          sent.incrementAndGet();
          backoff = 100;
          break;
        } catch (ApiCallException e) {
          if (e.answered() && e.status() / 100 == 4) {
            LOG.error("SMS refused the report of {}: {}", next.executionId(), e.toString());
            break;
          }
          if (closing) {
            LOG.warn("SMS unreachable at shutdown; report of {} not delivered", next.executionId());
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
