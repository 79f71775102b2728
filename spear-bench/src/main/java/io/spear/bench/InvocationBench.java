package io.spear.bench;

import io.spear.corpus.Corpus;
import io.spear.runtime.TaskInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

/**
 * Figure 2, invocation overhead in process with the module already compiled: the WASI transform
 * guest on 12 KB of stdin and the WASI hello, per invocation, from one and from two caller threads
 * at once; the reference is Node.js's node:wasi running the same modules (a fresh WASI and instance
 * per invocation, one process per caller).
 */
final class InvocationBench {

  static final int INPUT_BYTES = 12 * 1024;

  private record Guest(String id, String title, String fixture, byte[] input, double targetMs) {}

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  InvocationBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  List<Figure> run() {
    byte[] text = input();
    List<Guest> guests =
        List.of(
            new Guest(
                "invoke.echo12k",
                "Invocation: 12 KB stdin→stdout",
                "echo_upper.c.wasm",
                text,
                0.25),
            new Guest("invoke.hello", "Invocation: WASI hello", "hello.c.wasm", new byte[0], 0.1));
    int warmup = options.pick(200, 3000);
    int runs = options.pick(300, 5000);
    List<Figure> figures = new ArrayList<>();
    try (LocalRuntime ours = new LocalRuntime()) {
      for (Guest guest : guests) {
        byte[] module = Corpus.bytes(guest.fixture);
        Path moduleFile = write(guest.fixture, module);
        Path inputFile = write(guest.id + ".stdin", guest.input);
        TaskInstance instance = ours.instance("bench-" + guest.id, module, List.of());
        check(ours, instance, guest);
        for (int threads : new int[] {1, 2}) {
          Stats our = Stats.of(ours(ours, instance, guest.input, threads, warmup, runs));
          Stats node = Stats.of(node(moduleFile, inputFile, guest.input.length, threads, runs));
          double medianMs = Stats.millis(our.median());
          log.line(
              "%s x%d: ours median %s p99 %s; node:wasi median %s p99 %s",
              guest.id,
              threads,
              Stats.ms(our.median()),
              Stats.ms(our.percentile(99)),
              Stats.ms(node.median()),
              Stats.ms(node.percentile(99)));
          figures.add(
              new Figure(
                  guest.id + ".t" + threads,
                  guest.title + ", " + threads + (threads == 1 ? " thread" : " threads"),
                  "median " + Stats.ms(our.median()) + ", p99 " + Stats.ms(our.percentile(99)),
                  "node:wasi median "
                      + Stats.ms(node.median())
                      + ", p99 "
                      + Stats.ms(node.percentile(99)),
                  Stats.ratio(our.median() / node.median()) + " node:wasi",
                  "≤ " + guest.targetMs + " ms median",
                  Figure.Verdict.of(medianMs <= guest.targetMs),
                  our.median()));
        }
        if (guest.id.equals("invoke.hello")) {
          figures.add(instantiation(ours, instance, guest.input, runs));
        }
        ours.runtime().stopInstance(instance);
      }
    }
    return figures;
  }

  /**
   * Instantiation alone: the runtime's own timing of a fresh instance (WASI set-up, imports, the
   * instance with its memory, tables and globals), the guest warm from the runs before.
   */
  private Figure instantiation(LocalRuntime ours, TaskInstance instance, byte[] input, int runs) {
    Stats stats = Stats.of(ours.instantiations(instance, input, runs));
    double micros = stats.median() / 1e3;
    log.line(
        "invoke.hello.instantiate: median %.1f us, p99 %.1f us",
        micros, stats.percentile(99) / 1e3);
    return new Figure(
        "invoke.hello.instantiate",
        "Instantiation alone: WASI hello, a fresh instance per invocation",
        String.format("median %.1f µs, p99 %.1f µs", micros, stats.percentile(99) / 1e3),
        "—",
        "—",
        "≤ 10 µs median",
        Figure.Verdict.of(micros <= 10),
        stats.median());
  }

  private long[] ours(
      LocalRuntime ours, TaskInstance instance, byte[] input, int threads, int warmup, int runs) {
    if (threads == 1) {
      return ours.time(instance, input, warmup, runs);
    }
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<long[]>> each = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        each.add(
            CompletableFuture.supplyAsync(() -> ours.time(instance, input, warmup, runs), callers));
      }
      return each.stream().map(CompletableFuture::join).flatMapToLong(LongStream::of).toArray();
    } finally {
      callers.shutdownNow();
    }
  }

  private long[] node(Path module, Path input, int inputLength, int processes, int runs) {
    Path script = options.benchModule().resolve("src/main/node/invoke.mjs");
    List<Process> started = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      started.add(
          tools.start(
              List.of(
                  tools.node().toString(),
                  "--no-warnings",
                  script.toString(),
                  module.toString(),
                  inputLength == 0 ? "-" : input.toString(),
                  Integer.toString(options.pick(200, 2000)),
                  Integer.toString(runs)),
              "node-invoke-" + p));
    }
    List<long[]> all = new ArrayList<>();
    for (int p = 0; p < processes; p++) {
      all.add(Toolchain.nanosPerLine(tools.await(started.get(p), "node-invoke-" + p, 600)));
    }
    return all.stream().flatMapToLong(LongStream::of).toArray();
  }

  private static void check(LocalRuntime ours, TaskInstance instance, Guest guest) {
    byte[] out = ours.output(instance, guest.input);
    if (guest.input.length > 0) {
      byte[] expected =
          new String(guest.input, StandardCharsets.US_ASCII)
              .toUpperCase(Locale.ROOT)
              .getBytes(StandardCharsets.US_ASCII);
      if (!Arrays.equals(out, expected)) {
        throw new IllegalStateException("the transform guest did not upper-case its input");
      }
    } else if (out.length == 0) {
      throw new IllegalStateException("the hello guest printed nothing");
    }
  }

  /** 12 KB of lower-case text with line breaks: what the transform guest upper-cases. */
  static byte[] input() {
    byte[] text = new byte[INPUT_BYTES];
    String words = "the quick brown fox jumps over the lazy dog ";
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ((i % 64 == 63) ? '\n' : words.charAt(i % words.length()));
    }
    return text;
  }

  private Path write(String name, byte[] bytes) {
    try {
      return Files.write(tools.dir("guests").resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
