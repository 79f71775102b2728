package io.spear.host.epoll;

import io.spear.runtime.host.ExecutionStopped;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.Readiness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One epoll set: descriptors with interest masks, and a wait that sleeps until any of them changes
 * readiness. Level-triggered as in SPEAR: a wait reports every ready descriptor, sorted by number,
 * each with its readiness intersected with its interest (HUP and ERR only when asked for).
 *
 * <p>Unlike SPEAR (and like Linux), a descriptor the guest closed leaves the set, so a closed
 * stream does not report HUP on every later wait.
 */
final class EpollSet {

  private record Interest(FdEntry<?> entry, int mask, Runnable unwatch) {}

  /** A ready descriptor. */
  record Ready(int fd, int events) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TreeMap<Integer, Interest> interests = new TreeMap<>();
  private long version;
  private boolean closed;

  /** Adds or replaces a descriptor's interest. */
  void add(FdEntry<?> entry, int mask) {
    Runnable unwatch = entry.watch(readiness -> signal());
    Interest previous;
    lock.lock();
    try {
      previous = interests.put(entry.fd(), new Interest(entry, mask & Readiness.ALL, unwatch));
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (previous != null) {
      previous.unwatch().run();
    }
  }

  /** Changes a watched descriptor's interest; false when it is not in the set. */
  boolean modify(int fd, int mask) {
    lock.lock();
    try {
      Interest interest = interests.get(fd);
      if (interest == null) {
        return false;
      }
      interests.put(fd, new Interest(interest.entry(), mask & Readiness.ALL, interest.unwatch()));
      version++;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a descriptor; removing one that is not there is not an error (as SPEAR). */
  void remove(int fd) {
    Interest removed;
    lock.lock();
    try {
      removed = interests.remove(fd);
    } finally {
      lock.unlock();
    }
    if (removed != null) {
      removed.unwatch().run();
    }
  }

  /** Ends the set; a wait in progress returns what is ready. */
  void close() {
    List<Interest> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(interests.values());
      interests.clear();
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    all.forEach(i -> i.unwatch().run());
  }

  private void signal() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a descriptor is ready: at once for {@code timeoutMs == 0}, forever for a negative
   * one. An interrupt (the execution's deadline or cancellation) ends the wait with a trap.
   */
  List<Ready> await(long timeoutMs, LongSupplier ticker) {
    long until = timeoutMs > 0 ? ticker.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : 0;
    while (true) {
      long seen;
      List<Interest> snapshot;
      lock.lock();
      try {
        // Read before computing readiness: a change after this bumps the version and we rescan.
        seen = version;
        snapshot = new ArrayList<>(interests.values());
      } finally {
        lock.unlock();
      }
      List<Ready> ready = new ArrayList<>();
      for (Interest interest : snapshot) {
        if (interest.entry().closed()) {
          remove(interest.entry().fd());
          continue;
        }
        int events = interest.entry().readiness() & interest.mask();
        if (events != 0) {
          ready.add(new Ready(interest.entry().fd(), events));
        }
      }
      if (!ready.isEmpty() || timeoutMs == 0) {
        return ready;
      }
      lock.lock();
      try {
        while (version == seen && !closed) {
          if (timeoutMs < 0) {
            changed.await();
          } else {
            long left = until - ticker.getAsLong();
            if (left <= 0) {
              return List.of();
            }
            changed.awaitNanos(left);
          }
        }
        if (closed) {
          return List.of();
        }
      } catch (InterruptedException e) {
        // Keeps the flag: the compiled guest's own checks must see the stop too.
        throw new ExecutionStopped("spear_epoll_wait interrupted", e);
      } finally {
        lock.unlock();
      }
    }
  }

  /** The watched descriptors and their interest, for tests and status. */
  Map<Integer, Integer> interests() {
    lock.lock();
    try {
      Map<Integer, Integer> view = new TreeMap<>();
      interests.forEach((fd, i) -> view.put(fd, i.mask()));
      return view;
    } finally {
      lock.unlock();
    }
  }
}
