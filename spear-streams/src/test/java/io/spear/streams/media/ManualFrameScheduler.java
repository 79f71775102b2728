package io.spear.streams.media;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scheduler tests advance by hand: {@link #tick()} runs every scheduled task once. */
public final class ManualFrameScheduler implements FrameScheduler {

  private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

  @Override
  public Runnable every(Duration period, Runnable tick) {
    tasks.add(tick);
    return () -> tasks.remove(tick);
  }

  /** Runs each task once, as if one period passed. */
  public void tick() {
    for (Runnable task : tasks) {
      task.run();
    }
  }

  /** Tasks scheduled now. */
  public int scheduled() {
    return tasks.size();
  }
}
