package io.spear.spearlet.invoke;

import io.spear.model.error.ResourceExhaustedException;
import io.spear.runtime.CpuSlot;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

    /**
     * As {@link #awaitSlot}, without a thread: the future completes with true on the thread that
     * frees the slot, or with false when {@code timeoutNanos} ran out. Already complete when a slot
     * is free now.
     */
    CompletableFuture<Boolean> slotLater(long timeoutNanos);

    /** Gives the slot (or the queue place) back. */
    @Override
    void close();
  }

  /** One caller waiting for a slot; granted under the lock. */
  private static final class Waiter {
    // The waiting thread's; null for a caller waiting without a thread.
    final Condition granted;
    // Told after the lock is released, for a caller waiting without a thread.
    final CompletableFuture<Boolean> told;
    boolean hasSlot;

    Waiter(Condition granted, CompletableFuture<Boolean> told) {
      this.granted = granted;
      this.told = told;
    }
  }

  /** Ends the waits of callers without a thread; cancelled timers leave its queue at once. */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = start();

    private static ScheduledThreadPoolExecutor start() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "spearlet-admission-timer");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /** One caller waiting for room without a thread (see admitLater); granted under the lock. */
  private static final class RoomWaiter {
    final String taskId;
    final int taskLimit;
    final CompletableFuture<Ticket> admitted = new CompletableFuture<>();
    // Guarded by the lock: the ticket it was given, or null while it waits (or after it gave up).
    Ticket granted;
    volatile ScheduledFuture<?> timeout;

    RoomWaiter(String taskId, int taskLimit) {
      this.taskId = taskId;
      this.taskLimit = taskLimit;
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
  private final TaskTurns<Waiter> waiting = new TaskTurns<>();
  private int freeSlots;
  // Guarded by lock: callers waiting for room to be admitted (see awaitRoom).
  private final Condition room = lock.newCondition();
  private int roomWaiters;
  // Guarded by lock: tasks with callers waiting for room without a thread, in turn order.
  private final TaskTurns<RoomWaiter> roomQueue = new TaskTurns<>();

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
        boolean nodeFull = nodeFull();
        if (!nodeFull && !taskFull(taskId, taskLimit)) {
          return take(taskId);
        }
        // A caller beyond the limits waits a little for room (see awaitRoom) before it is refused.
        long left = waitUntil - System.nanoTime();
        if (left <= 0 || !waitForRoom(left)) {
          throw refusal(nodeFull, taskId, taskLimit);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Admits an invocation of {@code taskId} as {@link #admit(String, int)} does, but a caller beyond
   * the limits waits for room without a thread: the future completes with the ticket on the thread
   * that frees the room (callers queue per task and tasks take turns), or fails with {@link
   * ResourceExhaustedException} after {@code waitNanos}. Already complete when there is room now.
   */
  public CompletableFuture<Ticket> admitLater(String taskId, int taskLimit, long waitNanos) {
    RoomWaiter waiter = new RoomWaiter(taskId, taskLimit);
    lock.lock();
    try {
      // Callers already waiting for this task go first.
      if (!roomQueue.has(taskId)) {
        boolean nodeFull = nodeFull();
        if (!nodeFull && !taskFull(taskId, taskLimit)) {
          return CompletableFuture.completedFuture(take(taskId));
        }
        if (waitNanos <= 0) {
          return CompletableFuture.failedFuture(refusal(nodeFull, taskId, taskLimit));
        }
      }
      roomQueue.add(taskId, waiter);
    } finally {
      lock.unlock();
    }
    // The timer thread only takes the waiter out; the caller's future decides the thread.
    waiter.timeout = Timer.INSTANCE.schedule(() -> giveUp(waiter), waitNanos, TimeUnit.NANOSECONDS);
    return waiter.admitted;
  }

  // The wait of a caller waiting without a thread ran out: refused, unless room came first.
  private void giveUp(RoomWaiter waiter) {
    ResourceExhaustedException refused;
    lock.lock();
    try {
      if (waiter.granted != null) {
        return;
      }
      roomQueue.remove(waiter.taskId, waiter);
      refused = refusal(nodeFull(), waiter.taskId, waiter.taskLimit);
    } finally {
      lock.unlock();
    }
    waiter.admitted.completeExceptionally(refused);
  }

  // Under the lock.
  private boolean nodeFull() {
    int now = admitted.get();
    return now - blocked.get() >= capacity || now >= capacity * (BLOCKED_FACTOR + 1);
  }

  // Under the lock.
  private boolean taskFull(String taskId, int taskLimit) {
    TaskCount current = perTask.get(taskId);
    return current != null && current.active >= taskLimit;
  }

  // Under the lock, with room for the task: counts the invocation in.
  private TaskTicket take(String taskId) {
    admitted.incrementAndGet();
    TaskCount ofTask = perTask.computeIfAbsent(taskId, t -> new TaskCount());
    ofTask.active++;
    ofTask.tickets++;
    return new TaskTicket(taskId, ofTask);
  }

  private ResourceExhaustedException refusal(boolean nodeFull, String taskId, int taskLimit) {
    return nodeFull
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

  /**
   * Under the lock: one invocation less counts against the capacity. The room goes straight to a
   * caller waiting without a thread, if one fits (the first task in line that is under its limit,
   * which then goes to the back), so that no newcomer takes it first; the caller must hand the
   * returned waiter its ticket after releasing the lock ({@link #tell}).
   */
  private RoomWaiter roomFreed() {
    if (roomWaiters > 0) {
      room.signal();
    }
    if (roomQueue.isEmpty() || nodeFull()) {
      return null;
    }
    RoomWaiter first = roomQueue.next(w -> !taskFull(w.taskId, w.taskLimit));
    if (first != null) {
      first.granted = take(first.taskId);
    }
    return first;
  }

  // Outside the lock: completing the future runs what the waiter chained to it.
  private static void tell(RoomWaiter granted) {
    if (granted != null) {
      ScheduledFuture<?> timeout = granted.timeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
      granted.admitted.complete(granted.granted);
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
      return waiting.size();
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
      if (freeSlots > 0 && waiting.isEmpty()) {
        freeSlots--;
        return true;
      }
      Waiter me = new Waiter(lock.newCondition(), null);
      waiting.add(taskId, me);
      long left = Math.max(0, timeoutNanos);
      try {
        while (!me.hasSlot && left > 0) {
          left = me.granted.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        if (!me.hasSlot) {
          waiting.remove(taskId, me);
          throw e;
        }
        Thread.currentThread().interrupt();
      }
      if (!me.hasSlot) {
        waiting.remove(taskId, me);
      }
      return me.hasSlot;
    } finally {
      lock.unlock();
    }
  }

  // As acquire, without a thread (see Ticket#slotLater).
  private CompletableFuture<Boolean> acquireLater(String taskId, long timeoutNanos) {
    Waiter me = new Waiter(null, new CompletableFuture<>());
    lock.lock();
    try {
      if (freeSlots > 0 && waiting.isEmpty()) {
        freeSlots--;
        return CompletableFuture.completedFuture(true);
      }
      waiting.add(taskId, me);
    } finally {
      lock.unlock();
    }
    ScheduledFuture<?> timeout =
        Timer.INSTANCE.schedule(
            () -> giveUpSlot(taskId, me), Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    var _ = me.told.whenComplete((got, e) -> timeout.cancel(false));
    return me.told;
  }

  private void giveUpSlot(String taskId, Waiter me) {
    lock.lock();
    try {
      if (me.hasSlot) {
        return;
      }
      waiting.remove(taskId, me);
    } finally {
      lock.unlock();
    }
    me.told.complete(false);
  }

  private void release() {
    Waiter chosen;
    lock.lock();
    try {
      chosen = handOver();
    } finally {
      lock.unlock();
    }
    if (chosen != null && chosen.told != null) {
      chosen.told.complete(true);
    }
  }

  // Under the lock: a freed slot goes to the next waiter, returned, or back to the free ones.
  private Waiter handOver() {
    // The slot goes to the head of the task first in line; that task then goes to the back.
    Waiter chosen = waiting.next(w -> true);
    if (chosen == null) {
      freeSlots++;
      return null;
    }
    chosen.hasSlot = true;
    if (chosen.granted != null) {
      chosen.granted.signal();
    }
    return chosen;
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
    public CompletableFuture<Boolean> slotLater(long timeoutNanos) {
      return acquireLater(taskId, timeoutNanos)
          .thenApply(
              got -> {
                synchronized (this) {
                  holdsSlot = got;
                }
                return got;
              });
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
      RoomWaiter granted = null;
      lock.lock();
      try {
        ofTask.active += delta;
        if (delta < 0) {
          granted = roomFreed();
        }
      } finally {
        lock.unlock();
      }
      tell(granted);
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
      RoomWaiter granted;
      lock.lock();
      try {
        ofTask.active--;
        if (--ofTask.tickets == 0) {
          perTask.remove(taskId);
        }
        admitted.decrementAndGet();
        granted = roomFreed();
      } finally {
        lock.unlock();
      }
      tell(granted);
    }
  }
}
