package io.spear.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way tests wait for a condition: retry an assertion until it holds or a generous timeout
 * passes, then fail with the last assertion error.
 *
 * <p>The timeout is a bound on a broken build, not a performance claim; keep it large (seconds) so
 * that a slow shared CI machine never fails a correct build.
 */
public final class Eventually {
  /** Default bound for a condition that normally holds within milliseconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private Eventually() {}

  /** An assertion that may throw; it passes when it returns normally. */
  @FunctionalInterface
  public interface Check {
    /** Throws (usually an {@link AssertionError}) while the condition does not hold yet. */
    void run() throws Exception;
  }

  /** Retries {@code check} until it passes, for at most {@link #DEFAULT_TIMEOUT}. */
  public static void eventually(Check check) {
    eventually(DEFAULT_TIMEOUT, check);
  }

  /** Retries {@code check} until it passes, for at most {@code timeout}. */
  public static void eventually(Duration timeout, Check check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() - deadline >= 0) {
          AssertionError failure =
              new AssertionError("condition still false after " + timeout + ": " + e, e);
          throw failure;
        }
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted while waiting for a condition");
      }
    }
  }
}
