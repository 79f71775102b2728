package io.spear.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What one probe JVM ({@link ChicoryProbe} or spear-bench-graal's {@code GraalProbe}) reported.
 *
 * @param engine the engine's name as it reports it
 * @param cold nanoseconds from the probe's start to the end of its first run
 * @param warmup the warm-up runs until stable, in nanoseconds
 * @param stable whether the warm-up ended with stable run times rather than at its time cap
 * @param runs the measured runs, in nanoseconds
 * @param heapBytes heap in use after full collections, at the end
 * @param rssKb resident memory at the end
 * @param peakRssKb peak resident memory
 */
record EngineProbe(
    String engine,
    long cold,
    List<Long> warmup,
    boolean stable,
    List<Long> runs,
    long heapBytes,
    long rssKb,
    long peakRssKb) {

  /** Parses the probe protocol: one {@code key value} pair a line; other lines are ignored. */
  static EngineProbe parse(String output) {
    String engine = "";
    long cold = -1;
    long heap = -1;
    long rss = -1;
    long hwm = -1;
    boolean stable = false;
    List<Long> warm = new ArrayList<>();
    List<Long> runs = new ArrayList<>();
    for (String line : output.lines().toList()) {
      String[] kv = line.strip().split(" ", 2);
      if (kv.length != 2) {
        continue;
      }
      switch (kv[0]) {
        case "engine" -> engine = kv[1];
        case "cold" -> cold = Long.parseLong(kv[1]);
        case "warm" -> warm.add(Long.parseLong(kv[1]));
        case "stable" -> stable = Boolean.parseBoolean(kv[1]);
        case "run" -> runs.add(Long.parseLong(kv[1]));
        case "heap" -> heap = Long.parseLong(kv[1]);
        case "rss" -> rss = Long.parseLong(kv[1]);
        case "hwm" -> hwm = Long.parseLong(kv[1]);
        default -> {
          // Not ours (a JVM warning on stdout).
        }
      }
    }
    if (cold < 0 || runs.isEmpty()) {
      throw new IllegalStateException("probe produced no figures: " + output);
    }
    return new EngineProbe(
        engine, cold, List.copyOf(warm), stable, List.copyOf(runs), heap, rss, hwm);
  }

  /** The warm-up's total time in nanoseconds. */
  long warmupNanos() {
    return warmup.stream().mapToLong(Long::longValue).sum();
  }

  /** The measured runs as an array, for {@link Stats}. */
  long[] runNanos() {
    return runs.stream().mapToLong(Long::longValue).toArray();
  }
}
