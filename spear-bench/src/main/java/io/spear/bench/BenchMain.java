package io.spear.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The harness's command line: {@code BenchMain [--quick] [--only GROUP,...] [--out BENCHMARKS.md]
 * [--work-dir DIR]}. Runs every benchmark, prints the table and, with {@code --out}, rewrites the
 * report. Normally started by {@code ./bench/run}.
 */
public final class BenchMain {

  private BenchMain() {}

  /**
   * Runs the harness; exits non-zero when a benchmark fails, produces no figure or lacks a tool.
   */
  public static void main(String[] args) throws IOException {
    boolean quick = false;
    Optional<Path> out = Optional.empty();
    Path workDir = null;
    Set<String> only = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Optional.of(Path.of(args[++i]));
        case "--work-dir" -> workDir = Path.of(args[++i]);
        case "--only" -> only.addAll(List.of(args[++i].split(",")));
        case "-h", "--help" -> {
          System.out.println(
              "usage: bench/run [--quick] [--only GROUP,...] [--out BENCHMARKS.md] [--work-dir DIR]"
                  + " (groups: "
                  + String.join(",", BenchOptions.GROUPS)
                  + ")");
          return;
        }
        default -> {
          System.err.println("unknown argument: " + args[i]);
          System.exit(2);
        }
      }
    }
    if (!BenchOptions.GROUPS.containsAll(only)) {
      System.err.println("unknown group in --only " + only + "; groups: " + BenchOptions.GROUPS);
      System.exit(2);
    }
    if (!only.isEmpty()) {
      // A partial run never rewrites the report: BENCHMARKS.md always holds a whole run.
      out = Optional.empty();
    }
    Path root = BenchOptions.findRepoRoot(Path.of(""));
    if (workDir == null) {
      workDir = root.resolve("spear-bench/target/bench-work");
    }
    BenchOptions options = new BenchOptions(quick, root, workDir.toAbsolutePath(), out, only);
    Log log = new Log(System.out);
    Report report;
    try {
      report = new Harness(options, log).run();
    } catch (IllegalStateException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(1);
      return;
    }
    print(report, out);
    // Server threads are daemons, but stop promptly whatever remains.
    System.exit(0);
  }

  /**
   * The generated report followed by every hand-written section of {@code previous}: each {@code ##
   * } section whose heading the generated report does not have, in its old order.
   */
  static String keptSections(String generated, String previous) {
    StringBuilder md = new StringBuilder(generated);
    int start = previous.indexOf("\n## ");
    while (start >= 0) {
      int end = previous.indexOf("\n## ", start + 1);
      String section = previous.substring(start + 1, end < 0 ? previous.length() : end + 1);
      String heading = section.lines().findFirst().orElse("");
      if (!generated.contains("\n" + heading + "\n")) {
        if (!md.toString().endsWith("\n\n")) {
          md.append('\n');
        }
        md.append(section.stripTrailing()).append('\n');
      }
      start = end;
    }
    return md.toString();
  }

  /** Prints the report, fails the run on a missing figure, and writes it to {@code out}. */
  private static void print(Report report, Optional<Path> out) throws IOException {
    System.out.println();
    System.out.println(report.table());
    System.out.println(report.score());
    List<String> missing =
        report.figures().stream().filter(f -> !f.produced()).map(Figure::id).toList();
    if (!missing.isEmpty()) {
      // CI runs the quick mode to keep the harness from rotting: a figure not produced fails it.
      System.err.println("bench: figures not produced: " + missing);
      System.exit(1);
    }
    if (out.isPresent()) {
      String previous =
          Files.exists(out.get()) ? Files.readString(out.get(), StandardCharsets.UTF_8) : "";
      Files.writeString(
          out.get(), keptSections(report.markdown(), previous), StandardCharsets.UTF_8);
      System.out.println("wrote " + out.get().toAbsolutePath());
    }
  }
}
