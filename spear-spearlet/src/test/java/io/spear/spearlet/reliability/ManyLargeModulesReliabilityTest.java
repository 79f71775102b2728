package io.spear.spearlet.reliability;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import io.spear.testing.PrometheusText;
import io.spear.testing.WasmModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory-bomb run of the reliability suite: a Spearlet in a JVM of its own with a small heap is
 * given many distinct large modules, uploaded through SMS and invoked once each. Parsed modules
 * hold tens of bytes of heap per byte of code, so together they would fill the heap many times
 * over; the node must keep serving, stay healthy, hold its compiled modules within their budget and
 * report every execution to SMS.
 *
 * <p>Every build runs the quick mode (5 modules of 512 KiB, {@code -Xmx128m}: parsed, they still
 * hold more than the compiled-module budget, so the budget is exercised). The full size, 40
 * modules of 4 MiB with {@code -Xmx1g}, runs with {@code -Dspear.reliability.full=true} (about 15
 * minutes on 2 cores); {@code spear.reliability.largeModules}, {@code .largeModuleBytes} and {@code
 * .heap} override each.
 */
@Tag("reliability")
@Timeout(3_600)
class ManyLargeModulesReliabilityTest {

  private static final boolean FULL = Boolean.getBoolean("spear.reliability.full");
  private static final int MODULES =
      Integer.getInteger("spear.reliability.largeModules", FULL ? 40 : 5);
  private static final int MODULE_BYTES =
      Integer.getInteger("spear.reliability.largeModuleBytes", FULL ? 4 << 20 : 512 << 10);
  private static final String HEAP =
      System.getProperty("spear.reliability.heap", FULL ? "1g" : "128m");

  @TempDir Path smsDir;
  @TempDir Path nodeDir;
  @TempDir Path logs;

  @Test
  void distinctLargeModulesInvokedOnceEachLeaveTheNodeServingHealthyAndWithinItsBudgets()
      throws Exception {
    try (SmsServer sms =
            SmsServer.start(
                SmsConfig.defaults()
                    .withHost("127.0.0.1")
                    .withPort(0)
                    .withDataDir(smsDir)
                    .withMaxUploadBytes(64L * 1024 * 1024));
        SpearletProcess node =
            SpearletProcess.start(
                logs.resolve("spearlet.log"),
                sms.httpAddr(),
                nodeDir,
                "-Xmx" + HEAP,
                "-XX:+ExitOnOutOfMemoryError")) {
      HttpTestClient smsHttp = new HttpTestClient(sms.port());
      HttpTestClient nodeHttp = new HttpTestClient(node.port());
      long started = System.nanoTime();
      List<String> executions = new ArrayList<>();
      int compilingRetries = 0;
      double peakHeap = 0;
      for (int i = 0; i < MODULES; i++) {
        String task = register(smsHttp, WasmModules.codeOfSize(MODULE_BYTES, i), "large-" + i);
        Answer answer;
        // A compile past the invocation's time answers MODULE_COMPILING and goes on; the retry
        // finds the module compiled (or still compiling), and the guest runs once either way.
        while (true) {
          answer = execute(nodeHttp, task);
          if (answer.status() != 503
              || !"MODULE_COMPILING".equals(answer.json().path("error").asText())) {
            break;
          }
          compilingRetries++;
        }
        assertThat(answer.status())
            .as("module %d: %s\n%s", i, answer.text(), node.logTail())
            .isEqualTo(200);
        executions.add(answer.json().get("execution_id").asText());
        peakHeap = Math.max(peakHeap, heapUsed(nodeHttp));
      }
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(node.isAlive()).as(node.logTail()).isTrue();
      assertThat(Files.readString(logs.resolve("spearlet.log"))).doesNotContain("OutOfMemoryError");
      JsonNode health = nodeHttp.get("/health").json();
      assertThat(health.get("status").asText()).as(health.toString()).isEqualTo("healthy");
      Map<String, Double> metrics = PrometheusText.parse(nodeHttp.get("/metrics").text());
      double heapMax = Runtime.getRuntime().maxMemory();
      double budget = parseHeap(HEAP) / 4.0;
      assertThat(metrics.get("spear_module_cache_bytes"))
          .as("compiled modules within their budget (a quarter of the heap)")
          .isLessThanOrEqualTo(budget);
      assertThat(metrics.get("spear_module_cache_evictions_total")).isPositive();
      assertThat(heapUsed(nodeHttp)).isLessThan(parseHeap(HEAP));
      // Still serving: a small guest runs at once.
      String hello = registerCorpus(smsHttp, "hello.c.wasm");
      assertThat(execute(nodeHttp, hello).status()).isEqualTo(200);
      executions.add(execute(nodeHttp, hello).json().get("execution_id").asText());
      // Every execution reached SMS, completed.
      eventually(
          Duration.ofSeconds(60),
          () -> {
            for (String id : executions) {
              assertThat(smsHttp.get("/api/v1/executions/" + id).json().path("status").asText())
                  .as(id)
                  .isEqualTo("completed");
            }
          });
      System.out.printf(
          "large modules: %d x %d bytes, -Xmx%s: %d ms, %d MODULE_COMPILING retries, peak heap"
              + " used %.0f MiB, module cache %.0f MiB (budget %.0f MiB), %.0f evictions%n",
          MODULES,
          MODULE_BYTES,
          HEAP,
          elapsedMs,
          compilingRetries,
          peakHeap / (1 << 20),
          metrics.get("spear_module_cache_bytes") / (1 << 20),
          budget / (1 << 20),
          metrics.get("spear_module_cache_evictions_total"));
      assertThat(heapMax).isPositive();
    }
  }

  // Within the test client's 60 s request timeout; a longer compile answers MODULE_COMPILING.
  private static Answer execute(HttpTestClient node, String task) {
    return node.postJson(
        "/functions/execute", "{\"task_id\": \"%s\", \"timeout_ms\": 45000}".formatted(task));
  }

  private static String register(HttpTestClient sms, byte[] module, String name) {
    String uri =
        sms.post("/api/v1/files", module, Map.of("X-File-Name", name + ".wasm"))
            .json()
            .get("uri")
            .asText();
    return sms.postJson(
            "/api/v1/tasks",
            "{\"name\": \"%s\", \"executable\": {\"type\": \"wasm\", \"uri\": \"%s\"}}"
                .formatted(name, uri))
        .json()
        .get("task_id")
        .asText();
  }

  private static String registerCorpus(HttpTestClient sms, String fixture) {
    return register(sms, Corpus.bytes(fixture), fixture.replace('.', '-'));
  }

  /** Heap in use, summed over the heap's pools, as the node's {@code /metrics} shows it. */
  private static double heapUsed(HttpTestClient node) {
    return PrometheusText.parse(node.get("/metrics").text()).entrySet().stream()
        .filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{"))
        .filter(e -> e.getKey().contains("area=\"heap\""))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static long parseHeap(String heap) {
    long unit =
        switch (Character.toLowerCase(heap.charAt(heap.length() - 1))) {
          case 'g' -> 1L << 30;
          case 'm' -> 1L << 20;
          case 'k' -> 1L << 10;
          default -> 1;
        };
    String digits = unit == 1 ? heap : heap.substring(0, heap.length() - 1);
    return Long.parseLong(digits) * unit;
  }
}
