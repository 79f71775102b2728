package io.spear.bench;

import io.spear.corpus.Corpus;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.TaskInstance;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * A quick look at one invocation's cost in process, without the rest of the suite: the WASI hello
 * run {@code runs} times after {@code warmup}, printing the median instantiation and run time (the
 * runtime's own timings) and the CPU time per invocation of the calling thread and of the process
 * (which includes the JIT, the collector and the runtime's watchdog), which other processes on the
 * machine do not inflate. Run: {@code java -cp ... io.spear.bench.InstantiationProbe [warmup]
 * [runs] [rounds]}.
 */
final class InstantiationProbe {

  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private InstantiationProbe() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (LocalRuntime ours = new LocalRuntime()) {
      TaskInstance instance = ours.instance("probe-hello", Corpus.bytes("hello.c.wasm"), List.of());
      run(ours, instance, warmup, new long[warmup], new long[warmup]);
      for (int round = 0; round < rounds; round++) {
        long[] instantiate = new long[runs];
        long[] run = new long[runs];
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = PROCESS.getProcessCpuTime();
        run(ours, instance, runs, instantiate, run);
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        processCpu = PROCESS.getProcessCpuTime() - processCpu;
        System.out.printf(
            "round %d: instantiate median %.1f us, run median %.1f us, CPU per invocation: calling"
                + " thread %.1f us, process %.1f us%n",
            round,
            median(instantiate) / 1e3,
            median(run) / 1e3,
            cpu / 1e3 / runs,
            processCpu / 1e3 / runs);
      }
    }
  }

  private static void run(
      LocalRuntime ours, TaskInstance instance, int n, long[] instantiate, long[] run) {
    for (int i = 0; i < n; i++) {
      ExecutionOutcome outcome =
          ours.runtime()
              .execute(instance, ExecutionContext.builder().withInput(new byte[0]).build());
      if (!(outcome instanceof ExecutionOutcome.Completed)) {
        throw new IllegalStateException("hello did not complete: " + outcome);
      }
      instantiate[i] = outcome.timings().instantiate().toNanos();
      run[i] = outcome.timings().run().toNanos();
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
