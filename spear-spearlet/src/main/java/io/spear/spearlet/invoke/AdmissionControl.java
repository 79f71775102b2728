package io.spear.spearlet.invoke;

import io.spear.model.error.ResourceExhaustedException;
import io.spear.runtime.CpuSlot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's backpressure and scheduler. At most {@code maxInFlight} guests run code at once, and
 * at most {@code maxInFlight + queueCapacity} invocations are admitted besides those blocked in a
 * host call (a guest in a WASI sleep gives its slot back and stops counting, up to {@link
 * #BLOCKED_FACTOR} times that capacity); beyond that, or beyond its task's own limit, an invocation
 * is refused at once instead of growing memory or latency. Free slots go to the waiting tasks in
 * turn, not in arrival order, so one busy task cannot starve another.
 */
public final class AdmissionControl {

  /** An admitted invocation's hold on the node; close exactly once. */
  public interface Ticket extends AutoCloseable, CpuSlot {
    /** Waits for a running slot until {@code timeoutNanos}; false when the wait ran out. */
    boolean awaitSlot(long timeoutNanos) throws InterruptedException;

    /** Gives the slot (or the queue place) back. */
    @Override
    void close();
  }

  /** One caller waiting for a slot; granted under the lock. */
  private static final class Waiter {
    final Condition granted;
    boolean hasSlot;

    Waiter(Condition granted) {
      this.granted = granted;
    }
  }

  /** How long a node's caller beyond the limits waits for room before it is refused. */
  public static final Duration ROOM_WAIT = Duration.ofMillis(200);

  /** How many times the capacity may additionally be admitted while blocked in host calls. */
  public static final int BLOCKED_FACTOR = 16;

  /** One task's invocations; guarded by the lock. */
  private static final class TaskCount {
    int tickets;
    int active;
  }

  private final int maxInFlight;
  private final int capacity;
  private final long roomWaitNanos;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicInteger blocked = new AtomicInteger();
  private final Map<String, TaskCount> perTask = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock. Tasks with waiting callers, in the order they get the next free slots.
  private final LinkedHashMap<String, ArrayDeque<Waiter>> waiting = new LinkedHashMap<>();
  private int freeSlots;
  private int waiters;
  // Guarded by lock: callers waiting for room to be admitted (see awaitRoom).
  private final Condition room = lock.newCondition();
  private int roomWaiters;

  /** Runs {@code maxInFlight} guests at once and admits {@code queueCapacity} more. */
  public AdmissionControl(int maxInFlight, int queueCapacity) {
    this(maxInFlight, queueCapacity, Duration.ZERO);
  }

  /**
   * As above, where a caller beyond the limits first waits up to {@code roomWait} for room: under
   * overload, clients are slowed to the pace the node frees room instead of being refused as fast
   * as they can ask, which would spend the capacity serving the admitted ones on refusals.
   */
  public AdmissionControl(int maxInFlight, int queueCapacity, Duration roomWait) {
    this.maxInFlight = maxInFlight;
    this.capacity = maxInFlight + queueCapacity;
    this.freeSlots = maxInFlight;
    this.roomWaitNanos = roomWait.toNanos();
  }

  /** How many invocations of one task are admitted at once unless the task says otherwise. */
  public int defaultTaskLimit() {
    return Math.max(1, capacity / 2);
  }

  /**
   * Admits an invocation that no per-task limit applies to, or refuses it at once.
   *
   * @throws ResourceExhaustedException when the node is at its limits
   */
  public Ticket admit() {
    return admit("", capacity);
  }

  /**
   * Admits an invocation of {@code taskId}, which may have at most {@code taskLimit} admitted at
   * once, or refuses it at once.
   *
   * @throws ResourceExhaustedException when the node or the task is at its limit
   */
  public Ticket admit(String taskId, int taskLimit) {
    long waitUntil = System.nanoTime() + roomWaitNanos;
    lock.lock();
    try {
      while (true) {
        int now = admitted.get();
        boolean nodeFull =
            now - blocked.get() >= capacity || now >= capacity * (BLOCKED_FACTOR + 1);
        TaskCount current = perTask.get(taskId);
        boolean taskFull = current != null && current.active >= taskLimit;
        if (!nodeFull && !taskFull) {
          admitted.incrementAndGet();
          TaskCount ofTask = perTask.computeIfAbsent(taskId, t -> new TaskCount());
          ofTask.active++;
          ofTask.tickets++;
          return new TaskTicket(taskId, ofTask);
        }
        // A caller beyond the limits waits a little for room (see awaitRoom) before it is refused.
        long left = waitUntil - System.nanoTime();
        if (left <= 0 || !waitForRoom(left)) {
          throw nodeFull
              ? new ResourceExhaustedException(
                  "node is at its limit of "
                      + maxInFlight
                      + " running and "
                      + (capacity - maxInFlight)
                      + " queued invocations; retry later or elsewhere")
              : new ResourceExhaustedException(
                  "task "
                      + taskId
                      + " is at its limit of "
                      + taskLimit
                      + " concurrent invocations on this node; retry later");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // Under the lock; false when interrupted (the caller is refused).
  private boolean waitForRoom(long nanos) {
    roomWaiters++;
    try {
      room.awaitNanos(nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      roomWaiters--;
    }
  }

  /** Whether another invocation would be refused now. */
  public boolean full() {
    return admitted.get() - blocked.get() >= capacity;
  }

  /**
   * Waits up to {@code timeoutNanos} for the node to have room for another invocation. A caller
   * that arrives at a full node waits a little before it is refused: it holds a request thread but
   * no queue place, and clients that would retry at once are slowed to the pace the node frees
   * room, so refusing them does not eat the capacity that serves the admitted ones.
   *
   * @return whether there is room now (admission may still refuse if others took it first); false
   *     also when the caller is interrupted, its interrupt kept
   */
  public boolean awaitRoom(long timeoutNanos) {
    if (!full()) {
      return true;
    }
    long waitUntil = System.nanoTime() + timeoutNanos;
    lock.lock();
    try {
      while (full()) {
        long left = waitUntil - System.nanoTime();
        if (left <= 0 || !waitForRoom(left)) {
          break;
        }
      }
      return !full();
    } finally {
      lock.unlock();
    }
  }

  // Under the lock: one invocation less counts against the capacity.
  private void roomFreed() {
    if (roomWaiters > 0) {
      room.signal();
    }
  }

  /** Guests running code now. */
  public int inFlight() {
    lock.lock();
    try {
      return maxInFlight - freeSlots;
    } finally {
      lock.unlock();
    }
  }

  /** Invocations admitted that neither run code nor are blocked in a host call. */
  public int queued() {
    return Math.max(0, admitted.get() - inFlight() - blocked.get());
  }

  /** Guests blocked in a host call, their slot given back. */
  public int blocked() {
    return blocked.get();
  }

  /** Callers waiting in {@link Ticket#awaitSlot} or {@link Ticket#reacquire} right now. */
  int waiting() {
    lock.lock();
    try {
      return waiters;
    } finally {
      lock.unlock();
    }
  }

  /** Invocations admitted and not yet ended: running, blocked in a host call, or queued. */
  public int admitted() {
    return admitted.get();
  }

  private boolean acquire(String taskId, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      if (freeSlots > 0 && waiters == 0) {
        freeSlots--;
        return true;
      }
      Waiter me = new Waiter(lock.newCondition());
      waiting.computeIfAbsent(taskId, t -> new ArrayDeque<>()).addLast(me);
      waiters++;
      long left = Math.max(0, timeoutNanos);
      try {
        while (!me.hasSlot && left > 0) {
          left = me.granted.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        if (!me.hasSlot) {
          forget(taskId, me);
          throw e;
        }
        Thread.currentThread().interrupt();
      }
      if (!me.hasSlot) {
        forget(taskId, me);
      }
      return me.hasSlot;
    } finally {
      lock.unlock();
    }
  }

  private void forget(String taskId, Waiter me) {
    ArrayDeque<Waiter> queue = waiting.get(taskId);
    if (queue != null && queue.remove(me)) {
      waiters--;
      if (queue.isEmpty()) {
        waiting.remove(taskId);
      }
    }
  }

  private void release() {
    lock.lock();
    try {
      Iterator<Map.Entry<String, ArrayDeque<Waiter>>> next = waiting.entrySet().iterator();
      if (!next.hasNext()) {
        freeSlots++;
        return;
      }
      // The slot goes to the head of the task first in line; that task then goes to the back.
      Map.Entry<String, ArrayDeque<Waiter>> first = next.next();
      Waiter chosen = first.getValue().pollFirst();
      next.remove();
      if (!first.getValue().isEmpty()) {
        waiting.put(first.getKey(), first.getValue());
      }
      waiters--;
      chosen.hasSlot = true;
      chosen.granted.signal();
    } finally {
      lock.unlock();
    }
  }

  private final class TaskTicket implements Ticket {
    private final String taskId;
    private final TaskCount ofTask;
    // Touched by the invocation's own thread only, except close() which may race a late stop.
    private boolean holdsSlot;
    // Set while the slot is given back for a blocking call.
    private boolean released;
    private boolean closed;

    TaskTicket(String taskId, TaskCount ofTask) {
      this.taskId = taskId;
      this.ofTask = ofTask;
    }

    @Override
    public boolean awaitSlot(long timeoutNanos) throws InterruptedException {
      holdsSlot = acquire(taskId, timeoutNanos);
      return holdsSlot;
    }

    @Override
    public synchronized void release() {
      if (holdsSlot) {
        holdsSlot = false;
        released = true;
        blocked.incrementAndGet();
        count(-1);
        AdmissionControl.this.release();
      }
    }

    private void count(int delta) {
      lock.lock();
      try {
        ofTask.active += delta;
        if (delta < 0) {
          roomFreed();
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void reacquire() throws InterruptedException {
      synchronized (this) {
        // Nested blocking calls (a tool the guest runs inside cchat_send sleeps, say): only the
        // call that gave the slot back takes it again.
        if (holdsSlot || !released) {
          return;
        }
        released = false;
      }
      boolean got;
      try {
        got = acquire(taskId, Long.MAX_VALUE);
      } finally {
        count(+1);
        blocked.decrementAndGet();
      }
      synchronized (this) {
        holdsSlot = got;
        if (closed && got) {
          holdsSlot = false;
          AdmissionControl.this.release();
        }
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (holdsSlot) {
        holdsSlot = false;
        AdmissionControl.this.release();
      }
      lock.lock();
      try {
        ofTask.active--;
        if (--ofTask.tickets == 0) {
          perTask.remove(taskId);
        }
        admitted.decrementAndGet();
        roomFreed();
      } finally {
        lock.unlock();
      }
    }
  }
}
