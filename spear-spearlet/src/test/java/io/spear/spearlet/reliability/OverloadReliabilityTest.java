package io.spear.spearlet.reliability;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.testing.HttpTestClient;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overload run of the reliability suite: closed-loop clients call a short guest on a node,
 * first as many as it can hold (its slots plus its queue), then eight times as many. Every answer
 * must be a success or a documented refusal (429 {@code RESOURCE_EXHAUSTED}, never a 5xx), every
 * success must reach SMS as a completed execution, and the node must be idle and healthy
 * afterwards. The successes per second of both phases are printed (goodput under overload).
 *
 * <p>Quick mode: 3 s per phase. {@code -Dspear.reliability.full=true}: 15 s per phase; {@code
 * spear.reliability.overloadSeconds} overrides.
 */
@Tag("reliability")
@Timeout(600)
class OverloadReliabilityTest {

  private static final int SECONDS =
      Integer.getInteger(
          "spear.reliability.overloadSeconds",
          Boolean.getBoolean("spear.reliability.full") ? 15 : 3);
  private static final int SLOTS = 4;
  private static final int QUEUE = 8;

  @TempDir Path dataDir;

  @Test
  void eightTimesTheNodesCapacityGetsOnlySuccessesAndRefusalsAndEverySuccessIsReported()
      throws Exception {
    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
        SpearletServer spearlet =
            SpearletServer.builder(
                    RuntimeConfig.of(
                        SpearletConfig.defaults().toBuilder()
                            .smsHttpAddr(sms.httpAddr())
                            .bindHost("127.0.0.1")
                            .httpPort(0)
                            .heartbeatInterval(Duration.ofMillis(200))
                            .maxInFlight(SLOTS)
                            .queueCapacity(QUEUE)
                            .build()))
                .start()) {
      HttpTestClient smsHttp = new HttpTestClient(sms.port());
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String task = register(smsHttp, "echo_upper.c.wasm");
      // Compiled and warm before the clock starts.
      assertThat(execute(node, task)).isEqualTo(200);

      Phase atCapacity = run(node, task, SLOTS + QUEUE);
      Phase overloaded = run(node, task, 8 * (SLOTS + QUEUE));

      for (Phase phase : List.of(atCapacity, overloaded)) {
        assertThat(phase.statuses.keySet()).as(phase.toString()).isSubsetOf(200, 429);
      }
      assertThat(atCapacity.successes()).isPositive();
      assertThat(overloaded.successes()).isPositive();
      int reported = 1 + atCapacity.successes() + overloaded.successes();
      eventually(
          Duration.ofSeconds(60),
          () -> {
            JsonNode page = smsHttp.get("/api/v1/tasks/" + task + "/executions?limit=1").json();
            assertThat(page.get("total_count").asInt()).isEqualTo(reported);
          });
      JsonNode health = node.get("/health").json();
      assertThat(health.get("status").asText()).isEqualTo("healthy");
      assertThat(health.get("in_flight").asInt()).isZero();
      assertThat(health.get("queued").asInt()).isZero();
      System.out.printf(
          "overload: %s; %s; goodput at 8x capacity / at capacity = %.2f%n",
          atCapacity, overloaded, overloaded.perSecond() / atCapacity.perSecond());
    }
  }

  /** What one phase of closed-loop clients got. */
  private record Phase(int clients, Map<Integer, AtomicInteger> statuses, long elapsedNanos) {
    int successes() {
      AtomicInteger ok = statuses.get(200);
      return ok == null ? 0 : ok.get();
    }

    double perSecond() {
      return successes() / (elapsedNanos / 1e9);
    }

    @Override
    public String toString() {
      Map<Integer, Integer> counts = new TreeMap<>();
      statuses.forEach((status, n) -> counts.put(status, n.get()));
      return "c=%d: %s, %.0f successes/s".formatted(clients, counts, perSecond());
    }
  }

  private static Phase run(HttpTestClient node, String task, int clients) throws Exception {
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      loops.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  statuses
                      .computeIfAbsent(execute(node, task), s -> new AtomicInteger())
                      .incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> loop : loops) {
      loop.get(SECONDS + 120L, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return new Phase(clients, statuses, System.nanoTime() - start);
  }

  private static int execute(HttpTestClient node, String task) {
    return node.postJson(
            "/functions/execute",
            "{\"task_id\": \"%s\", \"input_base64\": \"aGk=\"}".formatted(task))
        .status();
  }

  private static String register(HttpTestClient sms, String fixture) {
    String uri =
        sms.post("/api/v1/files", Corpus.bytes(fixture), Map.of("X-File-Name", fixture))
            .json()
            .get("uri")
            .asText();
    return sms.postJson(
            "/api/v1/tasks",
            "{\"name\": \"echo\", \"executable\": {\"type\": \"wasm\", \"uri\": \"%s\"},"
                    .formatted(uri)
                + " \"config\": {\"max_concurrency\": \"%d\"}}".formatted(SLOTS + QUEUE))
        .json()
        .get("task_id")
        .asText();
  }
}
