package io.spear.spearlet.invoke;

import io.spear.model.error.ResourceExhaustedException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's backpressure: at most {@code maxInFlight} invocations run and {@code queueCapacity}
 * wait; beyond that an invocation is refused at once instead of growing memory.
 */
public final class AdmissionControl {

  /** An admitted invocation's hold on the node; release exactly once. */
  public interface Ticket extends AutoCloseable {
    /** Waits for a running slot until {@code timeoutNanos}; false when the wait ran out. */
    boolean awaitSlot(long timeoutNanos) throws InterruptedException;

    /** Gives the slot (or the queue place) back. */
    @Override
    void close();
  }

  private final int maxInFlight;
  private final int capacity;
  private final Semaphore slots;
  private final AtomicInteger admitted = new AtomicInteger();

  /** Admits {@code maxInFlight} running plus {@code queueCapacity} waiting invocations. */
  public AdmissionControl(int maxInFlight, int queueCapacity) {
    this.maxInFlight = maxInFlight;
    this.capacity = maxInFlight + queueCapacity;
    this.slots = new Semaphore(maxInFlight, true);
  }

  /**
   * Admits an invocation or refuses it at once.
   *
   * @throws ResourceExhaustedException when the node is at its limits
   */
  public Ticket admit() {
    if (admitted.incrementAndGet() > capacity) {
      admitted.decrementAndGet();
      throw new ResourceExhaustedException(
          "node is at its limit of "
              + maxInFlight
              + " running and "
              + (capacity - maxInFlight)
              + " queued invocations; retry later or elsewhere");
    }
    return new Ticket() {
      private boolean holdsSlot;
      private boolean closed;

      @Override
      public boolean awaitSlot(long timeoutNanos) throws InterruptedException {
        holdsSlot = slots.tryAcquire(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
        return holdsSlot;
      }

      @Override
      public synchronized void close() {
        if (closed) {
          return;
        }
        closed = true;
        if (holdsSlot) {
          slots.release();
        }
        admitted.decrementAndGet();
      }
    };
  }

  /** Invocations running now. */
  public int inFlight() {
    return maxInFlight - slots.availablePermits();
  }

  /** Invocations admitted but waiting for a slot. */
  public int queued() {
    return Math.max(0, admitted.get() - inFlight());
  }
}
