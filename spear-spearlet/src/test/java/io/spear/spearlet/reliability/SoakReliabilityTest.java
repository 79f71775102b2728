package io.spear.spearlet.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.spear.corpus.Corpus;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.sms.execution.ExecutionRetention;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak run of the reliability suite: paced mixed load on SMS and a node (sync calls on the node
 * and through SMS, 10 KiB bodies, guests that log, asynchronous executions, execution listings)
 * while SMS's database files, the heap after a full GC, the live threads and the open file
 * descriptors are sampled. Each must stay flat: the mean of the last third of the samples against
 * that of the first third, with generous bounds, and a linear fit printed per minute. SMS keeps
 * ended executions for a few seconds and a few hundred per task here, and the node's cache of
 * recent executions gets 16 MiB, so both reach their steady size within the run; the retention
 * sweep is also forced at each sample (its worker runs each minute).
 *
 * <p>Quick mode: 6 s. {@code -Dspear.reliability.full=true}: 15 minutes; {@code
 * spear.reliability.soakSeconds} overrides either.
 */
@Tag("reliability")
@Timeout(1800)
class SoakReliabilityTest {

  private static final boolean FULL = Boolean.getBoolean("spear.reliability.full");
  private static final int SECONDS =
      Integer.getInteger("spear.reliability.soakSeconds", FULL ? 900 : 6);
  // Every second in quick mode, every 30 s in full mode.
  private static final int SAMPLES = Math.clamp(SECONDS / 30 + 6, 6, 30);
  private static final int CLIENTS = 4;
  private static final double REQUESTS_PER_SECOND = 60;
  private static final long MIB = 1024 * 1024;

  @TempDir Path dataDir;

  /** One measurement of the process and SMS's files. */
  private record Sample(
      double atSeconds, long requests, long dbBytes, long heapBytes, int threads, long fds) {}

  @Test
  void theDatabaseHeapThreadsAndDescriptorsStayFlatUnderSteadyMixedLoad() throws Exception {
    try (SmsServer sms =
            SmsServer.builder(
                    SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir))
                .executionRetention(new ExecutionRetention(Duration.ofSeconds(2), 300))
                .start();
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(500))
                            .executionCacheBytes(16 * MIB)
                            .build()))
                .start()) {
      HttpTestClient smsHttp = new HttpTestClient(sms.port());
      HttpTestClient node = new HttpTestClient(spearlet.port());
      Load load =
          new Load(
              smsHttp,
              node,
              register(smsHttp, "hello.c.wasm", "[]"),
              register(smsHttp, "echo_upper.c.wasm", "[]"),
              register(smsHttp, "log_then_sleep.c.wasm", "[\"5\"]"));
      load.warmUp();

      List<Sample> samples = run(load, sms);

      report(samples, load);
      assertThat(load.statuses.keySet()).as("statuses").isSubsetOf(200, 202, 429);
      assertFlat(samples, "sms.db + wal", Sample::dbBytes, 1.5, 8 * MIB);
      assertFlat(samples, "heap after GC", Sample::heapBytes, 1.5, 32 * MIB);
      assertFlat(samples, "threads", Sample::threads, 1.25, 20);
      assertFlat(samples, "open fds", Sample::fds, 1.25, 40);
    }
  }

  private List<Sample> run(Load load, SmsServer sms) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      loops.add(clients.submit(() -> load.loop(client, start, end)));
    }
    List<Sample> samples = new ArrayList<>();
    long every = (end - start) / SAMPLES;
    for (int i = 1; i <= SAMPLES; i++) {
      LockSupport.parkNanos(start + i * every - System.nanoTime());
      sms.pruneExecutions();
      samples.add(sample((System.nanoTime() - start) / 1e9, load.requests()));
    }
    for (Future<?> loop : loops) {
      loop.get(120, TimeUnit.SECONDS);
    }
    clients.shutdown();
    return samples;
  }

  private Sample sample(double atSeconds, long requests) {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long fds =
        ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
            ? unix.getOpenFileDescriptorCount()
            : 0;
    return new Sample(atSeconds, requests, dbBytes(), heap, threads, fds);
  }

  private long dbBytes() {
    long bytes = 0;
    for (String name : List.of("sms.db", "sms.db-wal")) {
      try {
        bytes += Files.size(dataDir.resolve(name));
      } catch (NoSuchFileException e) {
        // No write-ahead log right after a checkpoint that truncated it.
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bytes;
  }

  // The last third's mean may exceed the first third's by the factor plus the slack, no more.
  private static void assertFlat(
      List<Sample> samples,
      String what,
      ToDoubleFunction<Sample> value,
      double factor,
      long slack) {
    int third = Math.max(1, samples.size() / 3);
    double first = mean(samples.subList(0, third), value);
    double last = mean(samples.subList(samples.size() - third, samples.size()), value);
    assertThat(last)
        .as("%s: first third %.0f, last third %.0f", what, first, last)
        .isLessThanOrEqualTo(first * factor + slack);
  }

  private static double mean(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).average().orElse(0);
  }

  // Least-squares slope of the value per minute.
  private static double slopePerMinute(List<Sample> samples, ToDoubleFunction<Sample> value) {
    double mx = samples.stream().mapToDouble(Sample::atSeconds).average().orElse(0);
    double my = mean(samples, value);
    double num = 0;
    double den = 0;
    for (Sample s : samples) {
      num += (s.atSeconds() - mx) * (value.applyAsDouble(s) - my);
      den += (s.atSeconds() - mx) * (s.atSeconds() - mx);
    }
    return den == 0 ? 0 : num / den * 60;
  }

  private static void report(List<Sample> samples, Load load) {
    Sample first = samples.getFirst();
    Sample last = samples.getLast();
    Map<Integer, Integer> statuses = new TreeMap<>();
    load.statuses.forEach((status, n) -> statuses.put(status, n.get()));
    System.out.printf(
        "soak: %d s, %d requests (%.0f/s), statuses %s; sms.db+wal %.1f -> %.1f MB (%+.2f MB/min);"
            + " heap after GC %.1f -> %.1f MB (%+.2f MB/min); threads %d -> %d (%+.1f/min);"
            + " fds %d -> %d (%+.1f/min)%n",
        SECONDS,
        load.requests(),
        load.requests() / last.atSeconds(),
        statuses,
        first.dbBytes() / 1e6,
        last.dbBytes() / 1e6,
        slopePerMinute(samples, Sample::dbBytes) / 1e6,
        first.heapBytes() / 1e6,
        last.heapBytes() / 1e6,
        slopePerMinute(samples, Sample::heapBytes) / 1e6,
        first.threads(),
        last.threads(),
        slopePerMinute(samples, Sample::threads),
        first.fds(),
        last.fds(),
        slopePerMinute(samples, Sample::fds));
    for (Sample s : samples) {
      System.out.printf(
          "soak sample: t=%.0fs requests=%d db=%.2fMB heap=%.1fMB threads=%d fds=%d%n",
          s.atSeconds(),
          s.requests(),
          s.dbBytes() / 1e6,
          s.heapBytes() / 1e6,
          s.threads(),
          s.fds());
    }
  }

  private static String register(HttpTestClient sms, String fixture, String args) {
    String uri =
        sms.post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
            .json()
            .get("uri")
            .asText();
    return sms.postJson(
            "/api/v1/tasks",
            "{\"name\": \"%s\", \"executable\": {\"type\": \"wasm\", \"uri\": \"%s\", \"args\": %s}}"
                .formatted(fixture.replace('.', '-'), uri, args))
        .json()
        .get("task_id")
        .asText();
  }

  /** The mixed load: each client cycles through the kinds of request, paced to a total rate. */
  private static final class Load {
    private static final byte[] BODY = "a".repeat(10 * 1024).getBytes(StandardCharsets.US_ASCII);

    final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final HttpTestClient sms;
    private final HttpTestClient node;
    private final String hello;
    private final String echo;
    private final String logger;

    Load(HttpTestClient sms, HttpTestClient node, String hello, String echo, String logger) {
      this.sms = sms;
      this.node = node;
      this.hello = hello;
      this.echo = echo;
      this.logger = logger;
    }

    long requests() {
      return statuses.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    // Every kind once, so each module is compiled before the first sample.
    void warmUp() {
      for (int kind = 0; kind < 6; kind++) {
        int status = send(kind);
        assertThat(status).as("warm-up request kind %d", kind).isBetween(200, 202);
      }
      statuses.clear();
    }

    Void loop(int client, long start, long end) {
      long interval = (long) (TimeUnit.SECONDS.toNanos(1) * CLIENTS / REQUESTS_PER_SECOND);
      long next = start + client * interval / CLIENTS;
      for (int i = client; ; i++) {
        LockSupport.parkNanos(next - System.nanoTime());
        if (System.nanoTime() >= end) {
          return null;
        }
        statuses.computeIfAbsent(send(i % 6), s -> new AtomicInteger()).incrementAndGet();
        next += interval;
      }
    }

    private int send(int kind) {
      return switch (kind) {
        case 0 -> node.post("/invoke/" + hello, new byte[0], Map.of()).status();
        case 1 -> sms.post("/api/v1/tasks/" + hello + "/invoke", new byte[0], Map.of()).status();
        case 2 -> node.post("/invoke/" + echo, BODY, Map.of()).status();
        case 3 -> node.post("/invoke/" + logger, new byte[0], Map.of()).status();
        case 4 ->
            node.postJson(
                    "/functions/execute",
                    "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(logger))
                .status();
        default -> sms.get("/api/v1/executions?limit=20").status();
      };
    }
  }
}
