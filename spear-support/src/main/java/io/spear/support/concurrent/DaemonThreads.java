package io.spear.support.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread factory of the platform's background and guest threads: daemons (a server's
 * shutdown never waits for them), numbered names that say what they do in a thread dump, and an
 * optional stack size for threads that run guest code.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads named {@code name-1}, {@code name-2}, ... with the JVM's default stack. */
  public static ThreadFactory named(String name) {
    return named(name, 0);
  }

  /** Daemon threads named {@code name-N} with {@code stackBytes} of stack (0: the default). */
  public static ThreadFactory named(String name, long stackBytes) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(null, task, name + "-" + count.incrementAndGet(), stackBytes);
      thread.setDaemon(true);
      return thread;
    };
  }
}
