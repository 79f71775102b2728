package io.spear.bench.graal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The probe's output, one {@code key value} pair a line, which the harness's {@code GraalBench}
 * parses: {@code engine}, {@code cold} (ns: engine, parse, context and the first run), one {@code
 * warm} per warm-up run, {@code stable} (whether warm-up ended stable or at its cap), one {@code
 * run} per measured run (ns), then {@code heap} (bytes used after a full collection), {@code rss}
 * and {@code hwm} (kB, resident now and at peak).
 *
 * <p>The same protocol as spear-bench's {@code ChicoryProbe}, kept in step by hand: this module
 * must not depend on the platform, whose classes would count in the memory figures.
 */
final class ProbeOutput {

  /**
   * Warm-up is over when the last {@value #WINDOW} runs are within {@value #SPREAD} of another, and
   * not before {@value #MIN_RUNS} runs: early on, a few runs still in the interpreter can be as
   * alike as compiled ones.
   */
  static final int WINDOW = 5;

  static final int MIN_RUNS = 20;

  static final double SPREAD = 1.10;

  private final PrintStream out;

  ProbeOutput(PrintStream out) {
    this.out = out;
  }

  void line(String key, Object value) {
    out.println(key + " " + value);
    out.flush();
  }

  /**
   * Warms up until the run time is stable (or {@code capMillis} have gone), then times {@code runs}
   * runs.
   */
  void loop(Runnable run, long capMillis, int runs) {
    long[] recent = new long[WINDOW];
    long deadline = System.nanoTime() + capMillis * 1_000_000L;
    for (int i = 0; ; i++) {
      long took = time(run);
      line("warm", took);
      recent[i % WINDOW] = took;
      boolean stable = i + 1 >= MIN_RUNS && stable(recent);
      if (stable || System.nanoTime() > deadline) {
        line("stable", stable);
        break;
      }
    }
    for (int i = 0; i < runs; i++) {
      line("run", time(run));
    }
  }

  private static boolean stable(long[] recent) {
    long min = Arrays.stream(recent).min().orElseThrow();
    long max = Arrays.stream(recent).max().orElseThrow();
    return max <= min * SPREAD;
  }

  private static long time(Runnable run) {
    long start = System.nanoTime();
    run.run();
    return System.nanoTime() - start;
  }

  /** Prints the heap in use after full collections and the process's resident memory. */
  void memory() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    line("heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    line("rss", status("VmRSS:"));
    line("hwm", status("VmHWM:"));
  }

  /** A {@code kB} field of /proc/self/status (Linux), or -1. */
  private static long status(String field) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith(field)) {
          return Long.parseLong(l.substring(field.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
