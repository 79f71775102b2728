package io.spear.testing;

import java.util.List;
import java.util.Set;

/**
 * Threads a piece of code left running: take a {@link #snapshot()} before it, then ask which live
 * threads are new. The JDK's own shared pools (the common fork-join pool, its cleaner, the process
 * reaper) are not counted: they outlive any one caller by design.
 */
public final class LeftThreads {

  private static final List<String> SHARED =
      List.of("ForkJoinPool.commonPool", "Common-Cleaner", "process reaper");

  private LeftThreads() {}

  /** The threads alive now. */
  public static Set<Thread> snapshot() {
    return Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** The names of threads alive now that were not in {@code before}. */
  public static List<String> since(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .filter(name -> SHARED.stream().noneMatch(name::startsWith))
        .sorted()
        .toList();
  }
}
