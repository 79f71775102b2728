package io.spear.bench;

import io.spear.corpus.Corpus;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure 3, the cold path over HTTP with the servers warm: a fresh ~700 KB WASI module is uploaded
 * to SMS, registered as a task and invoked through SMS, timed from the upload's first byte to the
 * invocation's result; then, after a Spearlet restart, the first invocation of a task SMS already
 * knows (the Spearlet has to fetch the task and module and compile it again).
 */
final class ColdStartBench {

  static final int MODULE_BYTES = 700 * 1024;

  private final BenchOptions options;
  private final Platform platform;
  private final Log log;

  ColdStartBench(BenchOptions options, Platform platform, Log log) {
    this.options = options;
    this.platform = platform;
    this.log = log;
  }

  List<Figure> run() {
    byte[] base = Corpus.bytes("hello.c.wasm");
    long seed = System.nanoTime();
    // "Server warm": the servers have been serving for a while, as a node in use has. Invocations
    // of a known task make the invocation path hot; uncounted fresh modules do the same for
    // upload, registration, download and compilation.
    String known = firstInvocation(base, "known");
    for (int i = 0; i < options.pick(50, 1000); i++) {
      platform.invokeThroughSms(known, new byte[0]);
    }
    for (int i = 0; i < options.pick(2, 10); i++) {
      firstInvocation(ModuleGenerator.withCustomSections(base, MODULE_BYTES, seed++), "warm" + i);
    }
    int fresh = options.pick(3, 10);
    long[] cold = new long[fresh];
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < fresh; i++) {
      byte[] module = ModuleGenerator.withCustomSections(base, MODULE_BYTES, seed++);
      long start = System.nanoTime();
      tasks.add(firstInvocation(module, "cold" + i));
      cold[i] = System.nanoTime() - start;
    }
    int restarts = options.pick(3, 10);
    long[] restarted = new long[restarts];
    for (int i = 0; i < restarts; i++) {
      platform.restartSpearlet();
      String task = tasks.get(i % tasks.size());
      long start = System.nanoTime();
      platform.invokeThroughSms(task, new byte[0]);
      restarted[i] = System.nanoTime() - start;
    }
    Stats c = Stats.of(cold);
    Stats r = Stats.of(restarted);
    log.line(
        "cold: upload+register+invoke median %s (p99 %s); after restart median %s",
        Stats.ms(c.median()), Stats.ms(c.percentile(99)), Stats.ms(r.median()));
    return List.of(
        new Figure(
            "cold.fresh",
            "First invocation: upload ~700 KB module → register → result (median of "
                + fresh
                + " fresh modules)",
            Stats.ms(c.median()),
            "max " + Stats.ms(c.percentile(100)),
            "—",
            "≤ 50 ms",
            Figure.Verdict.of(Stats.millis(c.median()) <= 50),
            c.median()),
        new Figure(
            "cold.restart",
            "First invocation of a known task after a Spearlet restart (median of "
                + restarts
                + " restarts)",
            Stats.ms(r.median()),
            "max " + Stats.ms(r.percentile(100)),
            "—",
            "≤ 20 ms",
            Figure.Verdict.of(Stats.millis(r.median()) <= 20),
            r.median()));
  }

  private String firstInvocation(byte[] module, String name) {
    String uri = platform.upload(module, name + ".wasm");
    String task = platform.register("bench-" + name, uri);
    byte[] out = platform.invokeThroughSms(task, new byte[0]);
    if (out.length == 0) {
      throw new IllegalStateException("the first invocation of " + name + " printed nothing");
    }
    return task;
  }
}
