package io.spear.support.concurrent;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's background workers (execution reporter, heartbeats, liveness sweeps, reapers), kept
 * alive and watched: a failure is logged and counted and never ends the worker (a scheduled
 * executor silently cancels a task that throws; a thread that throws is simply gone), a worker
 * whose last run failed or that stopped running makes {@link #healthy()} false, and a {@link
 * VirtualMachineError} such as OutOfMemoryError goes to the fatal handler, which by default ends
 * the process (see {@link Fatal}) so that a supervisor restarts it rather than it limping on.
 */
public final class Workers {

  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

  /** Longest wait before a failed loop worker runs again. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final InstantSource clock;
  private final Consumer<Throwable> fatal;
  private final Map<String, Status> workers = new ConcurrentHashMap<>();

  /** Workers on the system clock whose fatal errors end the process. */
  public Workers() {
    this(InstantSource.system(), Fatal::exit);
  }

  /** Workers on {@code clock} whose fatal errors go to {@code fatal}. */
  public Workers(InstantSource clock, Consumer<Throwable> fatal) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fatal = Objects.requireNonNull(fatal, "fatal");
  }

  /**
   * Wraps the task of a periodic worker: whatever it throws is logged and counted, and the next
   * period runs it again. The worker counts as stalled when no run ended for {@code stallAfter}.
   */
  public Runnable periodic(String name, Duration stallAfter, Runnable task) {
    Status status = register(name, stallAfter);
    return () -> runOnce(status, task);
  }

  /**
   * Starts a loop worker: a daemon thread calling {@code body} again and again until {@code done}
   * says so; when the body throws, the failure is logged and counted, and the loop goes on after a
   * backoff. The body should return now and then (a poll with a timeout) so the worker is seen
   * alive; it counts as stalled when no call ended for {@code stallAfter}.
   */
  public Thread loop(String name, Duration stallAfter, BooleanSupplier done, Runnable body) {
    Status status = register(name, stallAfter);
    Thread thread =
        DaemonThreads.named(name)
            .newThread(
                () -> {
                  long backoffMs = 100;
                  while (!done.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                    if (runOnce(status, body)) {
                      backoffMs = 100;
                      continue;
                    }
                    try {
                      Thread.sleep(backoffMs);
                    } catch (InterruptedException e) {
                      return;
                    }
                    backoffMs = Math.min(MAX_BACKOFF.toMillis(), backoffMs * 2);
                  }
                  status.finished = true;
                });
    thread.start();
    return thread;
  }

  /** Whether every worker's last run succeeded and each ran recently enough. */
  public boolean healthy() {
    Instant now = clock.instant();
    return workers.values().stream().allMatch(s -> s.healthy(now));
  }

  /**
   * Each worker's state for {@code /health}: {@code ok}, {@code failing} (its last run threw) or
   * {@code stalled} (no run ended lately), with its failure count and last error.
   */
  public Map<String, Object> report() {
    Instant now = clock.instant();
    Map<String, Object> report = new LinkedHashMap<>();
    workers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Status s = e.getValue();
              Map<String, Object> one = new LinkedHashMap<>();
              one.put("state", s.state(now));
              one.put("failures", s.failures);
              if (s.lastError != null) {
                one.put("last_error", s.lastError);
              }
              report.put(e.getKey(), one);
            });
    return report;
  }

  /** {@code healthy} or {@code degraded}, as {@code /health} says it. */
  public String status() {
    return healthy() ? "healthy" : "degraded";
  }

  private Status register(String name, Duration stallAfter) {
    Status status = new Status(stallAfter, clock.instant());
    if (workers.putIfAbsent(name, status) != null) {
      throw new IllegalArgumentException("a worker named " + name + " exists already");
    }
    return status;
  }

  // True when the task ended normally.
  private boolean runOnce(Status status, Runnable task) {
    try {
      task.run();
      status.ok(clock.instant());
      return true;
    } catch (VirtualMachineError e) {
      status.failed(clock.instant(), e);
      fatal.accept(e);
      return false;
    } catch (Throwable t) {
      status.failed(clock.instant(), t);
      LOG.error("background worker failed; it runs again", t);
      return false;
    }
  }

  private static final class Status {
    final Duration stallAfter;
    volatile Instant lastEnded;
    volatile boolean lastFailed;
    volatile long failures;
    volatile String lastError;
    volatile boolean finished;

    Status(Duration stallAfter, Instant now) {
      this.stallAfter = stallAfter;
      this.lastEnded = now;
    }

    void ok(Instant now) {
      lastEnded = now;
      lastFailed = false;
    }

    synchronized void failed(Instant now, Throwable t) {
      lastEnded = now;
      lastFailed = true;
      failures++;
      lastError = describe(t);
    }

    String state(Instant now) {
      if (lastFailed) {
        return "failing";
      }
      if (!finished && lastEnded.plus(stallAfter).isBefore(now)) {
        return "stalled";
      }
      return "ok";
    }

    boolean healthy(Instant now) {
      return state(now).equals("ok");
    }

    private static String describe(Throwable t) {
      String message = t.getMessage();
      return message == null ? t.getClass().getSimpleName() : message;
    }
  }
}
