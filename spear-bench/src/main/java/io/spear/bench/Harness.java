package io.spear.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Runs every benchmark in order and collects the figures. */
final class Harness {

  /** The figure ids a run can produce, in table order (graal.* only with --only graal). */
  static final List<String> FIGURE_IDS =
      List.of(
          "compute.fib",
          "compute.sha256",
          "compute.matmul",
          "graal.fib",
          "graal.fib.cold",
          "graal.sha256",
          "graal.sha256.cold",
          "graal.matmul",
          "graal.matmul.cold",
          "graal.memory",
          "invoke.echo12k.t1",
          "invoke.echo12k.t2",
          "invoke.hello.t1",
          "invoke.hello.t2",
          "invoke.hello.instantiate",
          "cold.fresh",
          "cold.restart",
          "http.spearlet",
          "http.sms",
          "ingest.records",
          "scale.file_get",
          "scale.task_get",
          "scale.file_list",
          "scale.task_list",
          "scale.module_heap",
          "scale.module_heap_700k",
          "startup.run_hello",
          "startup.client_command",
          "startup.files_list",
          "startup.executions_list",
          "startup.invoke_hello",
          "startup.kv_get",
          "startup.secrets_list");

  private final BenchOptions options;
  private final Log log;

  Harness(BenchOptions options, Log log) {
    this.options = options;
    this.log = log;
  }

  /**
   * Runs the suite.
   *
   * @throws IllegalStateException when a reference tool is missing or a benchmark fails
   */
  Report run() {
    ZonedDateTime startedAt = ZonedDateTime.now(ZoneId.systemDefault());
    long start = System.nanoTime();
    clean(options.workDir());
    routeServerLogs(options.workDir());
    Toolchain tools = Toolchain.locate(options.workDir());
    // Read before measuring: what the run measured, not what the tree holds when it ends.
    String commit = commit(tools);
    log.line(
        "%s run; work dir %s", options.quick() ? "quick" : "full", options.workDir().toString());
    List<Figure> figures = new ArrayList<>();
    if (options.runs("compute")) {
      figures.addAll(new ComputeBench(options, tools, log).run());
    }
    if (options.runs("graal")) {
      figures.addAll(new GraalBench(options, tools, log).run());
    }
    if (options.runs("invoke")) {
      figures.addAll(new InvocationBench(options, tools, log).run());
    }
    if (options.runs("cold")) {
      try (Platform platform = Platform.start(tools.dir("platform"))) {
        figures.addAll(new ColdStartBench(options, platform, log).run());
      }
    }
    if (options.runs("http")) {
      try (Platform platform = Platform.start(tools.dir("platform-http"))) {
        figures.addAll(new ThroughputBench(options, tools, platform, log).run());
      }
    }
    if (options.runs("ingest")) {
      figures.addAll(new IngestBench(options, tools, log).run());
    }
    if (options.runs("scale")) {
      figures.addAll(new ControlPlaneBench(options, tools, log).run());
    }
    if (options.runs("startup")) {
      figures.addAll(new StartupBench(options, tools, log).run());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Report(
        figures, Machine.current(), tools.versions(), commit, startedAt, took, options.quick());
  }

  private String commit(Toolchain tools) {
    try {
      String root = options.repoRoot().toString();
      String hash = tools.run(List.of("git", "-C", root, "rev-parse", "--short", "HEAD"), 30);
      String dirty = tools.run(List.of("git", "-C", root, "status", "--porcelain"), 30);
      return hash.strip() + (dirty.isBlank() ? "" : " (with uncommitted changes)");
    } catch (RuntimeException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /**
   * Sends the servers' log (slf4j-simple, INFO, one line per invocation) to a file, as a service
   * manager would capture it; must run before the first logger is made.
   */
  private static void routeServerLogs(Path workDir) {
    try {
      Path logs = Files.createDirectories(workDir.resolve("logs"));
      System.setProperty(
          "org.slf4j.simpleLogger.logFile",
          logs.resolve("servers.log").toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void clean(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the work dir " + dir, e);
    }
  }
}
