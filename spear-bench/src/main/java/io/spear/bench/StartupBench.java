package io.spear.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Figure "spear run hello wall time, standalone": the {@code ./spear} launcher (the packaged jar
 * with its AppCDS archive) running the corpus hello in process, no platform listening, from process
 * start to exit; the reference is a whole {@code node} process running the same module with {@code
 * node:wasi}.
 */
final class StartupBench {

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  StartupBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  List<Figure> run() {
    Path root = options.repoRoot();
    Path hello = root.resolve("spear-corpus/src/main/resources/corpus/hello.c.wasm");
    List<String> spear = List.of(root.resolve("spear").toString(), "run", hello.toString());
    List<String> node =
        List.of(
            tools.node().toString(),
            options.benchModule().resolve("src/main/node/run_wasi.mjs").toString(),
            hello.toString());
    // The first run builds the jar when needed and records the class-data archive.
    wallNanos(spear);
    wallNanos(node);
    int runs = options.pick(2, 15);
    long[] ours = new long[runs];
    long[] theirs = new long[runs];
    for (int i = 0; i < runs; i++) {
      ours[i] = wallNanos(spear);
      theirs[i] = wallNanos(node);
    }
    Stats o = Stats.of(ours);
    Stats t = Stats.of(theirs);
    log.line(
        "startup: spear run hello median %s, node:wasi %s",
        Stats.ms(o.median()), Stats.ms(t.median()));
    return List.of(
        new Figure(
            "startup.run_hello",
            "`spear run hello` wall time, standalone (whole process, median of " + runs + ")",
            Stats.ms(o.median()),
            Stats.ms(t.median()) + " (`node` with `node:wasi`)",
            String.format("%.1fx", o.median() / t.median()),
            "≤ 600 ms",
            Figure.Verdict.of(Stats.millis(o.median()) <= 600),
            o.median()));
  }

  // Nothing may listen at the address spear run probes, so it runs standalone.
  private static long wallNanos(List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("SPEAR_SMS", "http://127.0.0.1:1");
    long start = System.nanoTime();
    try {
      Process process = builder.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish in 600 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + process.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return System.nanoTime() - start;
  }
}
