package io.spear.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.model.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 4, HTTP throughput with wrk (2 threads, 32 connections): the Spearlet's {@code POST
 * /invoke/{task}} running the hello guest against the same server's no-op route, and invocation
 * through SMS ({@code POST /api/v1/tasks/{id}/invoke}, forwarded to the Spearlet) against SMS's
 * no-op route. Per-invocation logging and execution reports to SMS stay on, as users run them. Each
 * pair is measured in alternating rounds; the figure is the median round.
 */
final class ThroughputBench {

  private static final String SCRIPT =
      """
      wrk.method = "POST"
      wrk.body = ""
      wrk.headers["Content-Type"] = "application/octet-stream"
      done = function(summary, latency, requests)
        local e = summary.errors
        io.write(string.format(
          '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,'
          .. '"write":%d,"status":%d,"timeout":%d}\\n',
          summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
          e.connect, e.read, e.write, e.status, e.timeout))
      end
      """;

  /**
   * One wrk run's result, with the CPU time the servers' process spent per answered request (wrk
   * runs in its own process, so it is not counted).
   */
  record Load(double rps, double p50Ms, double p99Ms, long errors, double cpuUsPerRequest) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final BenchOptions options;
  private final Toolchain tools;
  private final Platform platform;
  private final Log log;

  ThroughputBench(BenchOptions options, Toolchain tools, Platform platform, Log log) {
    this.options = options;
    this.tools = tools;
    this.platform = platform;
    this.log = log;
  }

  List<Figure> run() {
    Path script = writeScript();
    String uri = platform.upload(Corpus.bytes("hello.c.wasm"), "hello.wasm");
    String task = platform.register("bench-hello", uri);
    platform.invokeThroughSms(task, new byte[0]);
    String spearletInvoke = platform.spearletBase() + "/invoke/" + task;
    String spearletNoop = platform.spearletBase() + "/noop";
    String smsInvoke = platform.smsBase() + "/api/v1/tasks/" + task + "/invoke";
    String smsNoop = platform.smsBase() + "/noop";
    List<Figure> figures = new ArrayList<>();
    figures.addAll(
        pair(
            "http.spearlet",
            "Spearlet POST /invoke/{task} (hello)",
            spearletInvoke,
            spearletNoop,
            0.5,
            script));
    figures.add(overload(spearletInvoke, script));
    figures.addAll(
        pair(
            "http.sms",
            "through SMS POST /api/v1/tasks/{id}/invoke (hello)",
            smsInvoke,
            smsNoop,
            0.35,
            script));
    return figures;
  }

  /** The throughput figure and the CPU-per-request figure of one route against its no-op. */
  private List<Figure> pair(
      String id, String what, String invokeUrl, String noopUrl, double target, Path script) {
    int warmup = options.pick(1, 5);
    int seconds = options.pick(2, 20);
    int rounds = options.pick(1, 3);
    wrk(noopUrl, warmup, script);
    wrk(invokeUrl, warmup, script);
    List<Load> invoke = new ArrayList<>();
    List<Load> noop = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      noop.add(wrk(noopUrl, seconds, script));
      invoke.add(wrk(invokeUrl, seconds, script));
    }
    Load i = medianByRps(invoke);
    Load n = medianByRps(noop);
    double ratio = i.rps / n.rps;
    long errors = invoke.stream().mapToLong(Load::errors).sum();
    // The CPU figures come from the same median rounds as the throughput figures.
    double cpu = i.cpuUsPerRequest();
    double noopCpu = n.cpuUsPerRequest();
    log.line(
        "%s: invoke %.0f rps p99 %.2f ms %.0f us cpu/req; no-op %.0f rps p99 %.2f ms %.0f us"
            + " cpu/req; ratio %.2f; errors %d",
        id, i.rps, i.p99Ms, cpu, n.rps, n.p99Ms, noopCpu, ratio, errors);
    Figure throughput =
        new Figure(
            id,
            "HTTP: " + what + " vs its no-op route",
            String.format("%.0f rps, p99 %.2f ms", i.rps, i.p99Ms)
                + (errors > 0 ? " (" + errors + " failed requests)" : ""),
            String.format("no-op %.0f rps, p99 %.2f ms", n.rps, n.p99Ms),
            Stats.ratio(ratio) + " no-op",
            "≥ " + target + "× no-op rps",
            Figure.Verdict.of(ratio >= target && errors == 0),
            i.rps);
    Figure perCall =
        new Figure(
            id + ".cpu",
            "Server CPU per request: " + what + " (process CPU time / answered requests)",
            String.format("%.0f µs", cpu),
            String.format("no-op %.0f µs", noopCpu),
            Stats.ratio(cpu / noopCpu) + " no-op",
            "— (reported)",
            Figure.Verdict.NONE,
            cpu);
    return List.of(throughput, perCall);
  }

  /**
   * Goodput under overload: successful invocations per second when 512 connections offer far more
   * than the node admits (it refuses the rest with 429), against the same route at 32 connections.
   */
  private Figure overload(String invokeUrl, Path script) {
    int seconds = options.pick(2, 20);
    Load best = wrk(invokeUrl, seconds, script, 32);
    wrk(invokeUrl, options.pick(1, 5), script, 512);
    Load flooded = wrk(invokeUrl, seconds, script, 512);
    double ratio = flooded.rps / best.rps;
    log.line(
        "http.overload: %.0f successes/s at c=512 (%d refused or failed) vs %.0f at c=32;"
            + " ratio %.2f",
        flooded.rps, flooded.errors, best.rps, ratio);
    return new Figure(
        "http.overload",
        "Goodput under overload: Spearlet POST /invoke/{task} (hello) successes/s at 512"
            + " connections vs 32",
        String.format("%.0f successes/s", flooded.rps),
        String.format("at 32 connections %.0f/s", best.rps),
        Stats.ratio(ratio),
        "≥ 0.8×",
        Figure.Verdict.of(ratio >= 0.8),
        flooded.rps);
  }

  private Load wrk(String url, int seconds, Path script) {
    return wrk(url, seconds, script, 32);
  }

  private Load wrk(String url, int seconds, Path script, int connections) {
    long cpuBefore = OS.getProcessCpuTime();
    String out =
        tools.run(
            List.of(
                tools.wrk().toString(),
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url),
            seconds + 60L);
    String json =
        out.lines()
            .filter(l -> l.startsWith("{\"requests\""))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new IllegalStateException("wrk printed no summary:\n" + out));
    JsonNode s = Json.tree(json);
    long errors =
        s.get("connect").asLong()
            + s.get("read").asLong()
            + s.get("write").asLong()
            + s.get("status").asLong()
            + s.get("timeout").asLong();
    long good = s.get("requests").asLong() - s.get("status").asLong();
    long cpuNanos = OS.getProcessCpuTime() - cpuBefore;
    double rps = good / (s.get("duration_us").asLong() / 1e6);
    return new Load(
        rps,
        s.get("p50_us").asLong() / 1e3,
        s.get("p99_us").asLong() / 1e3,
        errors,
        good == 0 ? Double.NaN : cpuNanos / 1e3 / good);
  }

  private static Load medianByRps(List<Load> loads) {
    List<Load> sorted = new ArrayList<>(loads);
    sorted.sort((a, b) -> Double.compare(a.rps, b.rps));
    return sorted.get(sorted.size() / 2);
  }

  private Path writeScript() {
    try {
      return Files.writeString(
          tools.dir("wrk").resolve("post.lua"), SCRIPT, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
