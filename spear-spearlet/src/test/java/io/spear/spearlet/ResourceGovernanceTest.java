package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient;
import io.spear.testing.WasmModules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ResourceGovernanceTest {

  private static final long MIB = 1024 * 1024;

  @TempDir Path dataDir;

  @Test
  void healthNamesEveryBackgroundWorkerAndIsHealthyWhenTheyAre() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      eventually(
          () -> {
            JsonNode health = node.get("/health").json();
            assertThat(health.get("status").asText()).isEqualTo("healthy");
            assertThat(health.get("workers").properties())
                .extracting(Map.Entry::getKey)
                .contains(
                    "spearlet-execution-reporter", "spearlet-heartbeat", "spearlet-idle-reaper");
            assertThat(health.has("guest_memory_bytes")).isTrue();
            assertThat(health.has("module_cache_bytes")).isTrue();
          });
    }
  }

  @Test
  void aTaskAskingForFourGibibytesOfMemoryIsRefusedInWords() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String task =
          platform.registerTask(
              platform.upload("echo_upper.c.wasm"),
              List.of(),
              Map.of(),
              Map.of("memory_limit_bytes", "4294967296"));
      var answer = node.post("/invoke/" + task, new byte[0], Map.of());
      assertThat(answer.status()).isEqualTo(422);
      assertThat(answer.text()).contains("max_guest_memory_bytes").contains("4294967296");
    }
  }

  @Test
  void anInvocationWaitingForAHugeModuleToCompileAnswersModuleCompilingAtItsDeadline() {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet = platform.addSpearlet();
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String file =
          platform
              .smsHttp
              .post(
                  "/api/v1/files",
                  WasmModules.manyFunctions(100_000),
                  Map.of("X-File-Name", "many.wasm"))
              .json()
              .get("id")
              .asText();
      String task = platform.registerSeedTask(file, List.of(), Map.of());

      long start = System.nanoTime();
      var answer = node.post("/invoke/" + task + "?timeout_ms=1000", new byte[0], Map.of());
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(answer.status()).as(answer.text()).isEqualTo(503);
      assertThat(answer.json().get("error").asText()).isEqualTo("MODULE_COMPILING");
      assertThat(answer.header("Retry-After")).isEqualTo("1");
      // The acceptance figure is 1.5 s; the slack is for a machine shared with other builds.
      assertThat(tookMs).isLessThan(4_000);
    }
  }

  @Test
  void fourMemoryBombsAtOnceEndAsSuccessOrResourceExhaustedAndTheNodeKeepsServing()
      throws Exception {
    try (TestPlatform platform = TestPlatform.start(dataDir)) {
      SpearletServer spearlet =
          platform.addSpearlet(
              b ->
                  b.defaultMemoryLimitBytes(32 * MIB)
                      .maxGuestMemoryBytes(32 * MIB)
                      .guestMemoryBudgetBytes(64 * MIB));
      HttpTestClient node = new HttpTestClient(spearlet.port());
      String bomb = platform.deploy("memory_grow.c.wasm");
      String echo = platform.deploy("echo_upper.c.wasm");
      List<CompletableFuture<HttpTestClient.Answer>> bombs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        bombs.add(
            CompletableFuture.supplyAsync(
                () -> node.post("/invoke/" + bomb, new byte[0], Map.of()),
                r -> Thread.ofVirtual().start(r)));
      }
      for (CompletableFuture<HttpTestClient.Answer> answer : bombs) {
        HttpTestClient.Answer response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.text()).isIn(200, 429);
        if (response.status() == 429) {
          assertThat(response.text()).contains("guest_memory_budget_bytes");
        }
      }
      assertThat(
              node.post("/invoke/" + echo, "alive".getBytes(StandardCharsets.UTF_8), Map.of())
                  .text())
          .isEqualTo("ALIVE");
      JsonNode health = node.get("/health").json();
      assertThat(health.get("status").asText()).isEqualTo("healthy");
      assertThat(health.get("guest_memory_bytes").asLong()).isZero();
    }
  }
}
