package io.spear.bench;

import io.spear.runtime.TaskInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Figure 1, guest speed: C kernels built natively and to WebAssembly from the same source; ours
 * (the module in our runtime, warmed up) against native code and V8 (Node.js) on the same module.
 *
 * <p>Every side times the same unit: one complete run of the kernel's main. Native runs are called
 * in process by a driver (no process start-up); V8 and ours count a fresh instance per run, as both
 * runtimes do per invocation. Measurements are taken in interleaved rounds so that a change in
 * machine load hits all three alike; each figure is the median of all rounds' runs.
 */
final class ComputeBench {

  /** A kernel and its targets: its median time at most so many times native's and V8's. */
  private record Kernel(
      String id,
      String title,
      String source,
      List<String> args,
      double nativeTarget,
      double v8Target,
      String why) {}

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  ComputeBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  List<Figure> run() {
    Path driver = options.benchModule().resolve("src/main/c/native_driver.c");
    List<Figure> figures = new ArrayList<>();
    try (LocalRuntime ours = new LocalRuntime()) {
      for (Kernel kernel : kernels()) {
        figures.add(measure(ours, kernel, driver));
      }
    }
    return figures;
  }

  private List<Kernel> kernels() {
    return List.of(
        new Kernel(
            "compute.fib",
            "Compute: recursive fib(" + options.pick(27, 35) + ")",
            "fib.c",
            List.of(Integer.toString(options.pick(27, 35))),
            1.1,
            1.0,
            "calls"),
        new Kernel(
            "compute.sha256",
            "Compute: sha256 over " + options.pick(1, 4) + " MiB",
            "sha256.c",
            List.of(Integer.toString(options.pick(1, 4))),
            2.0,
            1.2,
            "integer ops on memory"),
        new Kernel(
            "compute.matmul",
            "Compute: matmul "
                + options.pick(128, 512)
                + "×"
                + options.pick(128, 512)
                + " doubles (memory-heavy)",
            "matmul.c",
            List.of(Integer.toString(options.pick(128, 512))),
            2.0,
            2.0,
            "memory"));
  }

  /** Times {@code kernel} natively, on V8 and on our runtime, in rounds. */
  private Figure measure(LocalRuntime ours, Kernel kernel, Path driver) {
    int rounds = options.pick(1, 5);
    int runs = options.pick(2, 7);
    Path source = options.repoRoot().resolve("spear-corpus/src/main/c").resolve(kernel.source);
    Path nativeBinary = tools.buildNative(source, driver);
    Path wasm = tools.buildWasm(source);
    byte[] module = read(wasm);
    TaskInstance instance = ours.instance("bench-" + kernel.source, module, kernel.args);
    // Warm-up: the JIT compiles the guest's generated classes on the way.
    ours.time(instance, new byte[0], options.pick(1, 10), 0);
    List<long[]> nat = new ArrayList<>();
    List<long[]> v8 = new ArrayList<>();
    List<long[]> our = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      nat.add(runNative(tools, options, nativeBinary, runs, kernel.args));
      v8.add(runV8(tools, options, wasm, runs, kernel.args));
      our.add(ours.time(instance, new byte[0], 1, runs));
    }
    ours.runtime().stopInstance(instance);
    return figure(kernel, Stats.of(concat(nat)), Stats.of(concat(v8)), Stats.of(concat(our)));
  }

  /** Times {@code runs} calls of the kernel's main in its native build (after a warm-up call). */
  static long[] runNative(
      Toolchain tools, BenchOptions options, Path binary, int runs, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add(Integer.toString(options.pick(0, 1)));
    command.add(Integer.toString(runs));
    command.addAll(args);
    return Toolchain.nanosPerLine(tools.run(command, 600));
  }

  /** Times {@code runs} fresh node:wasi instances of the module (after warm-up runs). */
  static long[] runV8(
      Toolchain tools, BenchOptions options, Path wasm, int runs, List<String> args) {
    Path script = options.benchModule().resolve("src/main/node/compute.mjs");
    List<String> command = new ArrayList<>();
    command.add(tools.node().toString());
    command.add("--no-warnings");
    command.add("--expose-gc");
    command.add(script.toString());
    command.add(wasm.toString());
    command.add(Integer.toString(options.pick(1, 3)));
    command.add(Integer.toString(runs));
    command.addAll(args);
    return Toolchain.nanosPerLine(tools.run(command, 600));
  }

  private Figure figure(Kernel kernel, Stats n, Stats v, Stats o) {
    double ratio = o.median() / n.median();
    double toV8 = o.median() / v.median();
    log.line(
        "%s: ours %s, native %s, V8 %s (%d runs each)",
        kernel.id, Stats.ms(o.median()), Stats.ms(n.median()), Stats.ms(v.median()), o.count());
    return new Figure(
        kernel.id,
        kernel.title,
        Stats.ms(o.median()),
        "native "
            + Stats.ms(n.median())
            + "; V8 "
            + Stats.ms(v.median())
            + " ("
            + Stats.ratio(v.median() / n.median())
            + " native)",
        Stats.ratio(ratio) + " native, " + Stats.ratio(toV8) + " V8",
        "≤ " + kernel.nativeTarget + "× native, ≤ " + kernel.v8Target + "× V8",
        Figure.Verdict.of(ratio <= kernel.nativeTarget && toV8 <= kernel.v8Target),
        o.median());
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(LongStream::of).toArray();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
