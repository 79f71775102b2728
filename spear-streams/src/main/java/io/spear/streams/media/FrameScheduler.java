package io.spear.streams.media;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs periodic work such as delivering audio frames at real-time pace; tests substitute one they
 * advance by hand, so they never sleep.
 */
public interface FrameScheduler {

  /**
   * Runs {@code tick} every {@code period}, the first time one period from now.
   *
   * @return cancels the ticks
   */
  Runnable every(Duration period, Runnable tick);

  /** The wall-clock scheduler: one shared daemon thread for the node. */
  static FrameScheduler system() {
    return SystemFrameScheduler.INSTANCE;
  }

  /** The shared daemon scheduler. */
  final class SystemFrameScheduler implements FrameScheduler {

    static final SystemFrameScheduler INSTANCE = new SystemFrameScheduler();

    private final ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spear-media-frames");
              t.setDaemon(true);
              return t;
            });

    private SystemFrameScheduler() {}

    @Override
    public Runnable every(Duration period, Runnable tick) {
      long nanos = Math.max(1, period.toNanos());
      ScheduledFuture<?> future =
          executor.scheduleAtFixedRate(
              () -> {
                try {
                  tick.run();
                } catch (RuntimeException e) {
                  // A failing tick must not cancel every later one of this and other sessions.
                }
              },
              nanos,
              nanos,
              TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    }
  }
}
