package io.spear.runtime.host.fd;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * One descriptor: its kind, its state object, whether it was closed, and its readiness. Readiness
 * changes are announced to watchers (an epoll set waiting on it), outside any lock of this entry.
 *
 * @param <S> the type of the state the descriptor's host calls work on
 */
public final class FdEntry<S> {

  private final int fd;
  private final FdKind kind;
  private final S state;
  private final List<IntConsumer> watchers = new CopyOnWriteArrayList<>();
  private int readiness;
  private boolean closed;

  FdEntry(int fd, FdKind kind, S state, int readiness) {
    this.fd = fd;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.state = Objects.requireNonNull(state, "state");
    this.readiness = readiness;
  }

  /** The descriptor number. */
  public int fd() {
    return fd;
  }

  /** What it refers to. */
  public FdKind kind() {
    return kind;
  }

  /** The state its host calls work on. */
  public S state() {
    return state;
  }

  /** Whether it was closed; a closed entry keeps its number forever. */
  public synchronized boolean closed() {
    return closed;
  }

  synchronized boolean markClosed() {
    boolean was = closed;
    closed = true;
    return !was;
  }

  /** The readiness bits now (see {@link Readiness}); a closed descriptor reports none. */
  public synchronized int readiness() {
    return closed ? 0 : readiness;
  }

  /** Sets bits and tells the watchers. */
  public void raise(int bits) {
    update(bits, 0);
  }

  /** Clears bits and tells the watchers. */
  public void clear(int bits) {
    update(0, bits);
  }

  private void update(int set, int unset) {
    int now;
    synchronized (this) {
      int next = (readiness | set) & ~unset;
      if (next == readiness) {
        return;
      }
      readiness = next;
      now = next;
    }
    for (IntConsumer watcher : watchers) {
      watcher.accept(now);
    }
  }

  /**
   * Calls {@code watcher} with the new readiness after each change.
   *
   * @return removes the watcher
   */
  public Runnable watch(IntConsumer watcher) {
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }
}
