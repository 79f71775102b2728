package io.spear.bench;

import io.spear.runtime.TaskInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Our runtime's side of the {@code graal} group, in a JVM of its own: {@code ChicoryProbe
 * <module.wasm> <warm-up cap ms> <runs> [guest args...]}. Runs the module as {@link LocalRuntime}
 * does (a Spearlet's configuration, a fresh instance per run) and prints the protocol of
 * spear-bench-graal's {@code ProbeOutput}, kept in step by hand: {@code engine}, {@code cold} (ns:
 * runtime, compile and the first run), {@code warm} per warm-up run, {@code stable} (whether
 * warm-up ended stable or at its cap), {@code run} per measured run, {@code heap} (bytes after a
 * full collection), {@code rss} and {@code hwm} (kB).
 */
public final class ChicoryProbe {

  /**
   * Warm-up is over when the last {@value #WINDOW} runs are within {@value #SPREAD} of another, and
   * not before {@value #MIN_RUNS} runs: early on, a few runs still in the interpreter can be as
   * alike as compiled ones.
   */
  static final int WINDOW = 5;

  static final int MIN_RUNS = 20;

  static final double SPREAD = 1.10;

  private ChicoryProbe() {}

  /** Runs the probe; exits non-zero when the guest fails. */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ChicoryProbe <module.wasm> <warm-up cap ms> <runs> [args...]");
      System.exit(2);
    }
    long start = System.nanoTime();
    byte[] module = Files.readAllBytes(Path.of(args[0]));
    long capMillis = Long.parseLong(args[1]);
    int runs = Integer.parseInt(args[2]);
    List<String> guestArgs = Arrays.asList(args).subList(3, args.length);
    PrintStream out = System.out;
    try (LocalRuntime runtime = new LocalRuntime()) {
      TaskInstance instance = runtime.instance("probe", module, guestArgs);
      runtime.timeOne(instance, new byte[0]);
      out.println("engine chicory");
      out.println("cold " + (System.nanoTime() - start));
      loop(() -> runtime.timeOne(instance, new byte[0]), capMillis, runs, out);
      memory(out);
    }
    System.exit(0);
  }

  private static void loop(Runnable run, long capMillis, int runs, PrintStream out) {
    long[] recent = new long[WINDOW];
    long deadline = System.nanoTime() + capMillis * 1_000_000L;
    for (int i = 0; ; i++) {
      long took = time(run);
      out.println("warm " + took);
      recent[i % WINDOW] = took;
      boolean stable = i + 1 >= MIN_RUNS && stable(recent);
      if (stable || System.nanoTime() > deadline) {
        out.println("stable " + stable);
        break;
      }
    }
    for (int i = 0; i < runs; i++) {
      out.println("run " + time(run));
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

  private static void memory(PrintStream out) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    out.println("rss " + status("VmRSS:"));
    out.println("hwm " + status("VmHWM:"));
    out.flush();
  }

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
