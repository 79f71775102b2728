package io.spear.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets another thread cancel one execution. Cancelling stops a running guest the same way its time
 * limit does, and a queued one before it starts.
 */
public final class CancellationToken {

  private final List<Runnable> listeners = new ArrayList<>();
  private boolean cancelled;

  /** A token nobody has cancelled yet. */
  public CancellationToken() {}

  /** Requests cancellation; safe to call any number of times from any thread. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(listeners);
      listeners.clear();
    }
    // Outside the lock: a listener may take locks of its own.
    toRun.forEach(Runnable::run);
  }

  /** Whether {@link #cancel()} was called. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * For runtimes: runs {@code action} once on cancellation, at once when already cancelled.
   *
   * @return unregisters the action
   */
  public Runnable onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        listeners.add(action);
        return () -> remove(action);
      }
    }
    action.run();
    return () -> {};
  }

  private synchronized void remove(Runnable action) {
    listeners.remove(action);
  }
}
