package io.spear.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The parts a server has started so far, in order. They close last first: when a later step of the
 * start fails ({@link #closeAfter}), so a failed start leaves no thread or port behind, and when
 * the server closes ({@link #close}).
 */
public final class StartedParts implements AutoCloseable {

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Remembers a part that closes itself. */
  public <T extends AutoCloseable> T add(T part) {
    parts.push(part);
    return part;
  }

  /** Remembers a part that {@code closer} stops (e.g. an executor's {@code shutdownNow}). */
  public <T> T add(T part, AutoCloseable closer) {
    parts.push(closer);
    return part;
  }

  /**
   * Closes every part, last first, keeping each close's own failure as suppressed by {@code
   * failure}; answers {@code failure} for the caller to throw.
   */
  public <E extends Throwable> E closeAfter(E failure) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  /** Closes every part, last first, even when one fails; then throws the first failure. */
  @Override
  public void close() {
    RuntimeException failure = null;
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
