package io.spear.runtime.wasm;

import io.spear.model.error.ResourceExhaustedException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap all guests' linear memories of a node may hold together. Guest memories live on the JVM
 * heap, so without a shared bound a few guests growing to their own limits at once exhaust it and
 * the node fails with OutOfMemoryError in unrelated threads; with it, the guest that would pass the
 * bound ends with RESOURCE_EXHAUSTED and everything else keeps running.
 */
public final class GuestMemoryBudget {

  private final long capacity;
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  /** A budget of {@code capacity} bytes. */
  public GuestMemoryBudget(long capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive but was " + capacity);
    }
    this.capacity = capacity;
  }

  /** A ledger for one guest run's memories, released all at once when the run ends. */
  Charge charge() {
    return new Charge();
  }

  /** Bytes the budget allows in all. */
  public long capacity() {
    return capacity;
  }

  /** Bytes guests hold now. */
  public long used() {
    return used.get();
  }

  /** How many memory allocations the budget refused. */
  public long refusals() {
    return refusals.get();
  }

  private boolean tryReserve(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > capacity) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /** What one guest run holds; used from the guest's thread, closed once when the run ends. */
  final class Charge implements AutoCloseable {

    private long held;

    private Charge() {}

    /** Whether {@code bytes} more fit in the node's budget; if so they are now held. */
    boolean tryReserve(long bytes) {
      if (bytes <= 0) {
        return true;
      }
      if (GuestMemoryBudget.this.tryReserve(bytes)) {
        held += bytes;
        return true;
      }
      return false;
    }

    /**
     * Holds {@code bytes} more.
     *
     * @throws ResourceExhaustedException when they do not fit in the node's budget
     */
    void reserve(long bytes) {
      if (!tryReserve(bytes)) {
        throw exhausted(bytes);
      }
    }

    /** Gives back {@code bytes} this run held (an allocation that failed after all). */
    void release(long bytes) {
      long given = Math.min(bytes, held);
      held -= given;
      used.addAndGet(-given);
    }

    /** The refusal of {@code bytes}, counted. */
    ResourceExhaustedException exhausted(long bytes) {
      refusals.incrementAndGet();
      return new ResourceExhaustedException(
          "This node's guests hold "
              + used.get()
              + " of the "
              + capacity
              + " bytes of memory it allows them (guest_memory_budget_bytes); this guest could"
              + " not get "
              + bytes
              + " more. Try again later or use less memory");
    }

    @Override
    public void close() {
      release(held);
    }
  }
}
