package io.spear.bench;

import io.spear.corpus.Corpus;
import io.spear.runtime.TaskInstance;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Figure 5, control-plane scale: SMS holding 10,000 files and 10,000 tasks against an SMS holding
 * one page (50) of each, for a get by id and a paged list (requests alternate between the two
 * stores so that machine noise hits both alike); and the heap a cached compiled module holds.
 */
final class ControlPlaneBench {

  private static final int PAGE = 50;

  private final BenchOptions options;
  private final Toolchain tools;
  private final Log log;

  ControlPlaneBench(BenchOptions options, Toolchain tools, Log log) {
    this.options = options;
    this.tools = tools;
    this.log = log;
  }

  /** One store and the ids probed on it. */
  private record Store(Platform platform, String fileId, String taskId) {}

  List<Figure> run() {
    List<Figure> figures = new ArrayList<>(storeFigures(options.pick(300, 10_000)));
    byte[] hello = Corpus.bytes("hello.c.wasm");
    figures.add(
        heapPerModule(
            "scale.module_heap",
            "Heap held per cached compiled module (hello, " + hello.length / 1024 + " KiB)",
            hello.length + 64));
    figures.add(
        heapPerModule(
            "scale.module_heap_700k",
            "Heap held per cached compiled module (hello + debug sections, 700 KiB)",
            ColdStartBench.MODULE_BYTES));
    return figures;
  }

  /** GETs and first pages on a store of {@code records} files and tasks against one page's. */
  private List<Figure> storeFigures(int records) {
    List<Figure> figures = new ArrayList<>();
    Path root = tools.dir("control-plane");
    try (Platform full = Platform.start(root.resolve("full"));
        Platform empty = Platform.start(root.resolve("empty"))) {
      long start = System.nanoTime();
      Store big = populate(full, records);
      log.line(
          "stored %d files and %d tasks in %.1f s",
          records, records, (System.nanoTime() - start) / 1e9);
      // The baseline holds one page of each, so both stores answer the same page size and the
      // ratio shows what the 10,000 records cost, not what 50 list items cost over 1.
      Store small = populate(empty, PAGE);
      int samples = options.pick(200, 5000);
      figures.add(
          compare(
              "scale.file_get",
              "Control plane: GET /api/v1/files/{id}/meta",
              big,
              small,
              s -> "/api/v1/files/" + s.fileId + "/meta",
              samples,
              records));
      figures.add(
          compare(
              "scale.task_get",
              "Control plane: GET /api/v1/tasks/{id}",
              big,
              small,
              s -> "/api/v1/tasks/" + s.taskId,
              samples,
              records));
      figures.add(
          compare(
              "scale.file_list",
              "Control plane: GET /api/v1/files?limit=" + PAGE + " (first page, total_count)",
              big,
              small,
              s -> "/api/v1/files?limit=" + PAGE + "&offset=0",
              samples,
              records));
      figures.add(
          compare(
              "scale.task_list",
              "Control plane: GET /api/v1/tasks?limit=" + PAGE + " (first page, total_count)",
              big,
              small,
              s -> "/api/v1/tasks?limit=" + PAGE + "&offset=0",
              samples,
              records));
    }
    return figures;
  }

  private Figure compare(
      String id,
      String title,
      Store big,
      Store small,
      Function<Store, String> path,
      int samples,
      int records) {
    for (int i = 0; i < samples / 4; i++) {
      big.platform.getSms(path.apply(big));
      small.platform.getSms(path.apply(small));
    }
    long[] bigNanos = new long[samples];
    long[] smallNanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      bigNanos[i] = time(big, path);
      smallNanos[i] = time(small, path);
    }
    Stats b = Stats.of(bigNanos);
    Stats s = Stats.of(smallNanos);
    double p50 = b.median() / s.median();
    double p99 = b.percentile(99) / s.percentile(99);
    log.line(
        "%s: %d records p50 %s p99 %s; empty p50 %s p99 %s",
        id,
        records,
        Stats.ms(b.median()),
        Stats.ms(b.percentile(99)),
        Stats.ms(s.median()),
        Stats.ms(s.percentile(99)));
    return new Figure(
        id,
        title + String.format(", %,d files and tasks", records),
        "p50 " + Stats.ms(b.median()) + ", p99 " + Stats.ms(b.percentile(99)),
        "store of "
            + PAGE
            + ": p50 "
            + Stats.ms(s.median())
            + ", p99 "
            + Stats.ms(s.percentile(99)),
        "p50 " + Stats.ratio(p50) + ", p99 " + Stats.ratio(p99),
        "≤ 2× near-empty store (p50 and p99)",
        Figure.Verdict.of(p50 <= 2 && p99 <= 2),
        b.median());
  }

  private static long time(Store store, Function<Store, String> path) {
    String p = path.apply(store);
    long start = System.nanoTime();
    store.platform.getSms(p);
    return System.nanoTime() - start;
  }

  /** Uploads {@code n} small distinct files and registers a task on each, 4 clients at once. */
  private Store populate(Platform platform, int n) {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<String[]>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(
            CompletableFuture.supplyAsync(
                () -> {
                  byte[] module = ModuleGenerator.withCustomSections(minimal(), 64, k * 7919L + 1);
                  String uri = platform.upload(module, "m" + k + ".wasm");
                  String task = platform.register("scale-" + k, uri);
                  return new String[] {uri.substring("sms+file://".length()), task};
                },
                clients));
      }
      String[] last = null;
      for (CompletableFuture<String[]> f : done) {
        last = f.join();
      }
      return new Store(platform, last[0], last[1]);
    } finally {
      clients.shutdownNow();
    }
  }

  private static byte[] minimal() {
    return Corpus.bytes("minimal.wat.wasm");
  }

  /**
   * The heap (and metaspace, where the generated classes live) held per cached compiled module:
   * used memory after full collections, before and after compiling distinct modules into the
   * runtime's cache.
   */
  private Figure heapPerModule(String id, String title, int moduleBytes) {
    int modules = options.pick(5, 40);
    byte[] base = Corpus.bytes("hello.c.wasm");
    try (LocalRuntime ours = new LocalRuntime()) {
      // Compile one first so that the engine's own classes are loaded before the baseline.
      ours.runtime().stopInstance(ours.instance("warm", base, List.of()));
      long heapBefore = usedHeap();
      long metaBefore = metaspace();
      // Instances are stopped and dropped: what stays is what the runtime's module cache holds
      // (an instance's config would also hold a copy of the module bytes).
      for (int i = 0; i < modules; i++) {
        byte[] module = ModuleGenerator.withCustomSections(base, moduleBytes, 1000L + i);
        TaskInstance instance = ours.instance("heap" + i, module, List.of());
        ours.runtime().stopInstance(instance);
      }
      long heapAfter = usedHeap();
      long metaAfter = metaspace();
      if (ours.runtime().moduleCacheSize() < modules) {
        throw new IllegalStateException("the module cache did not keep every module");
      }
      double heapPer = (heapAfter - heapBefore) / (double) modules;
      double metaPer = (metaAfter - metaBefore) / (double) modules;
      log.line(
          "%s: per cached module of %d B: heap %.0f KiB, metaspace %.0f KiB",
          id, moduleBytes, heapPer / 1024, metaPer / 1024);
      return new Figure(
          id,
          title,
          String.format("%.0f KiB heap", heapPer / 1024),
          String.format("module %d KiB; + %.0f KiB metaspace", moduleBytes / 1024, metaPer / 1024),
          Stats.ratio(heapPer / moduleBytes) + " module size",
          "— (reported)",
          Figure.Verdict.NONE,
          Math.max(0, heapPer));
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long metaspace() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getName().equals("Metaspace"))
        .mapToLong(p -> p.getUsage().getUsed())
        .findFirst()
        .orElse(0);
  }
}
