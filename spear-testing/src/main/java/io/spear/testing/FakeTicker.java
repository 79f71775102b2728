package io.spear.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond ticker that moves only when a test advances it, so tests never sleep for time. */
public final class FakeTicker implements LongSupplier {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long getAsLong() {
    return nanos.get();
  }

  /** Moves the ticker forward by {@code by}. */
  public void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}
