package io.spear.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The {@code graal} group: the compute kernels on GraalWasm (Truffle's optimizing runtime on this
 * JDK) against our runtime (Chicory), each in a JVM of its own per round, with V8 and native from
 * the same rounds. Per engine: the cold first run (engine, parse, first run), the warm-up until run
 * times are stable, the steady-state median and the memory held at the end.
 *
 * <p>The GraalWasm side is spear-bench-graal's probe, built with the {@code graal} Maven profile
 * ({@code ./bench/run} does): nothing of it is on the platform's class path.
 */
final class GraalBench {

  /** The JVM options GraalWasm's optimizing runtime needs on a stock JDK, besides the paths. */
  static final List<String> GRAAL_JVM_OPTIONS =
      List.of(
          "-XX:+UnlockExperimentalVMOptions",
          "-XX:+EnableJVMCI",
          "--add-modules=org.graalvm.polyglot",
          "--enable-native-access=org.graalvm.truffle",
          "--sun-misc-unsafe-memory-access=allow");

  private record Kernel(String id, String title, String source, List<String> args) {}

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;
  private final List<EngineProbe> chicoryProbes = new ArrayList<>();
  private final List<EngineProbe> graalProbes = new ArrayList<>();

  GraalBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  List<Figure> run() {
    List<String> graalCommand = graalCommand();
    List<Figure> figures = new ArrayList<>();
    for (Kernel kernel : kernels()) {
      figures.addAll(measure(kernel, graalCommand));
    }
    figures.add(memory());
    return figures;
  }

  private List<Kernel> kernels() {
    String fib = Integer.toString(options.pick(27, 35));
    String mib = Integer.toString(options.pick(1, 4));
    String n = Integer.toString(options.pick(128, 512));
    return List.of(
        new Kernel("graal.fib", "fib(" + fib + ")", "fib.c", List.of(fib)),
        new Kernel("graal.sha256", "sha256 " + mib + " MiB", "sha256.c", List.of(mib)),
        new Kernel("graal.matmul", "matmul " + n + "×" + n, "matmul.c", List.of(n)));
  }

  private List<Figure> measure(Kernel kernel, List<String> graalCommand) {
    int rounds = options.pick(1, 2);
    int runs = options.pick(2, 5);
    String cap = Integer.toString(options.pick(2_000, 120_000));
    Path source = options.repoRoot().resolve("spear-corpus/src/main/c").resolve(kernel.source);
    Path nativeBinary =
        tools.buildNative(source, options.benchModule().resolve("src/main/c/native_driver.c"));
    Path wasm = tools.buildWasm(source);
    List<String> probeArgs = new ArrayList<>(List.of(wasm.toString(), cap, Integer.toString(runs)));
    probeArgs.addAll(kernel.args);
    List<long[]> nat = new ArrayList<>();
    List<long[]> v8 = new ArrayList<>();
    List<EngineProbe> chicory = new ArrayList<>();
    List<EngineProbe> graal = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      nat.add(ComputeBench.runNative(tools, options, nativeBinary, runs, kernel.args));
      v8.add(ComputeBench.runV8(tools, options, wasm, runs, kernel.args));
      // Alternate which engine goes first so that a drift in machine load hits both alike.
      String tag = kernel.id + "." + round;
      if (round % 2 == 0) {
        chicory.add(probe(chicoryCommand(), probeArgs, tag + ".chicory"));
        graal.add(probe(graalCommand, probeArgs, tag + ".graalwasm"));
      } else {
        graal.add(probe(graalCommand, probeArgs, tag + ".graalwasm"));
        chicory.add(probe(chicoryCommand(), probeArgs, tag + ".chicory"));
      }
    }
    chicoryProbes.addAll(chicory);
    graalProbes.addAll(graal);
    Stats n = Stats.of(concat(nat));
    Stats v = Stats.of(concat(v8));
    Stats c = Stats.of(runs(chicory));
    Stats g = Stats.of(runs(graal));
    log.line(
        "%s: GraalWasm %s, Chicory %s, V8 %s, native %s; cold %s vs %s",
        kernel.id,
        Stats.ms(g.median()),
        Stats.ms(c.median()),
        Stats.ms(v.median()),
        Stats.ms(n.median()),
        Stats.ms(median(graal, EngineProbe::cold)),
        Stats.ms(median(chicory, EngineProbe::cold)));
    return List.of(steady(kernel, g, c, v, n), cold(kernel, graal, chicory));
  }

  private static Figure steady(Kernel kernel, Stats g, Stats c, Stats v, Stats n) {
    return new Figure(
        kernel.id,
        "GraalWasm: " + kernel.title + ", after warm-up",
        Stats.ms(g.median()),
        "Chicory "
            + Stats.ms(c.median())
            + "; V8 "
            + Stats.ms(v.median())
            + "; native "
            + Stats.ms(n.median()),
        Stats.ratio(g.median() / c.median())
            + " Chicory; "
            + Stats.ratio(g.median() / v.median())
            + " V8; "
            + Stats.ratio(g.median() / n.median())
            + " native",
        "< Chicory (pays after warm-up)",
        Figure.Verdict.of(g.median() < c.median()),
        g.median());
  }

  private static Figure cold(Kernel kernel, List<EngineProbe> graal, List<EngineProbe> chicory) {
    double g = median(graal, EngineProbe::cold);
    double c = median(chicory, EngineProbe::cold);
    return new Figure(
        kernel.id + ".cold",
        "GraalWasm: " + kernel.title + ", first run and warm-up (fresh JVM)",
        warmupText(graal),
        "Chicory " + warmupText(chicory),
        Stats.ratio(g / c) + " Chicory's first run",
        "stated",
        Figure.Verdict.NONE,
        g);
  }

  private static String warmupText(List<EngineProbe> probes) {
    return "first "
        + Stats.ms(median(probes, EngineProbe::cold))
        + "; then "
        + (long) median(probes, p -> p.warmup().size())
        + " runs, "
        + Stats.ms(median(probes, EngineProbe::warmupNanos))
        + ", until "
        + (probes.stream().allMatch(EngineProbe::stable)
            ? "stable"
            : probes.stream().noneMatch(EngineProbe::stable) ? "the cap" : "stable or the cap");
  }

  private Figure memory() {
    double gPeak = median(graalProbes, EngineProbe::peakRssKb);
    double cPeak = median(chicoryProbes, EngineProbe::peakRssKb);
    return new Figure(
        "graal.memory",
        "GraalWasm: memory of a probe JVM (-Xmx1g) after its runs",
        memoryText(graalProbes),
        "Chicory " + memoryText(chicoryProbes),
        Stats.ratio(gPeak / cPeak) + " Chicory's peak RSS",
        "stated",
        Figure.Verdict.NONE,
        gPeak);
  }

  private static String memoryText(List<EngineProbe> probes) {
    return String.format(
        "heap %.0f MB, RSS %.0f MB (peak %.0f MB)",
        median(probes, EngineProbe::heapBytes) / 1e6,
        median(probes, EngineProbe::rssKb) / 1e3,
        median(probes, EngineProbe::peakRssKb) / 1e3);
  }

  /** Runs one probe JVM; its output stays in the work dir's logs as {@code <tag>.txt}. */
  private EngineProbe probe(List<String> command, List<String> probeArgs, String tag) {
    List<String> full = new ArrayList<>(command);
    full.addAll(probeArgs);
    String output = tools.run(full, 600);
    try {
      Files.writeString(tools.dir("logs").resolve(tag + ".txt"), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EngineProbe probe = EngineProbe.parse(output);
    if (probe.engine().equals("Interpreted")) {
      throw new IllegalStateException(
          "GraalWasm ran without its optimizing runtime (JVMCI or the compiler module missing)");
    }
    return probe;
  }

  private static List<String> chicoryCommand() {
    return List.of(
        java(),
        "-Xmx1g",
        "-cp",
        System.getProperty("java.class.path"),
        ChicoryProbe.class.getName());
  }

  /** The GraalWasm probe's command line, from spear-bench-graal's build output. */
  private List<String> graalCommand() {
    Path target = options.repoRoot().resolve("spear-bench-graal/target");
    Path classes = target.resolve("classes");
    Path modules = target.resolve("classpath.txt");
    Path compiler = target.resolve("upgrade-module-path.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(modules)) {
      throw new IllegalStateException(
          "the GraalWasm probe is not built: mvn -Pgraal -pl spear-bench-graal package"
              + " (./bench/run builds it)");
    }
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
    command.addAll(GRAAL_JVM_OPTIONS);
    command.add("--upgrade-module-path=" + jars(read(compiler)));
    command.add("--module-path=" + jars(read(modules)));
    command.addAll(List.of("-cp", classes.toString(), "io.spear.bench.graal.GraalProbe"));
    return command;
  }

  /** Drops the POM-only entries Maven lists with the jars. */
  private static String jars(String path) {
    return Arrays.stream(path.strip().split(":"))
        .filter(p -> p.endsWith(".jar"))
        .collect(Collectors.joining(":"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static long[] runs(List<EngineProbe> probes) {
    return probes.stream().flatMapToLong(p -> Arrays.stream(p.runNanos())).toArray();
  }

  private static double median(List<EngineProbe> probes, ToLongFunction<EngineProbe> value) {
    return Stats.of(probes.stream().mapToLong(value).toArray()).median();
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(LongStream::of).toArray();
  }
}
