package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv host calls end to end: a real SMS and Spearlet, and the corpus guest {@code kv_counter},
 * which counts its invocations with get-versioned and compare-and-set in its task's namespace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KvHostCallsTest {

  private TestPlatform platform;
  private String fileId;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    platform = TestPlatform.start(dataDir);
    platform.addSpearlet();
    fileId = platform.upload("kv_counter.c.wasm");
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  private Answer invoke(String taskId) {
    return platform.smsHttp.post("/api/v1/tasks/" + taskId + "/invoke", new byte[0], Map.of());
  }

  @Test
  void aGuestCountsFiftySequentialAndTwentyConcurrentInvocationsWithoutLosingAnUpdate()
      throws Exception {
    // No kv.namespace: the task's name ("hello-wasm") is its namespace.
    String counter = platform.registerTask(fileId, List.of(), Map.of(), Map.of());
    eventually(() -> assertThat(invoke(counter).status()).isEqualTo(200));
    platform.smsHttp.delete("/api/v1/kv/hello-wasm/counter");

    for (int i = 1; i <= 50; i++) {
      Answer answer = invoke(counter);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.text()).isEqualTo(i + "\n");
    }

    ExecutorService callers = Executors.newFixedThreadPool(20);
    try {
      List<CompletableFuture<Answer>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(CompletableFuture.supplyAsync(() -> invoke(counter), callers));
      }
      Set<String> printed = new HashSet<>();
      for (CompletableFuture<Answer> call : calls) {
        Answer answer = call.get();
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        printed.add(answer.text().strip());
      }
      Set<String> expected = new HashSet<>();
      for (int i = 51; i <= 70; i++) {
        expected.add(Integer.toString(i));
      }
      assertThat(printed).as("every concurrent invocation wrote its own value").isEqualTo(expected);
    } finally {
      callers.shutdownNow();
    }
    assertThat(platform.smsHttp.get("/api/v1/kv/hello-wasm/counter").text()).isEqualTo("70");
  }

  @Test
  void missingKeysBadKeysAndLargeValuesAreRefusedWithErrnoAndExplainedInTheLog() {
    String limits =
        platform.registerTask(
            fileId, List.of("limits"), Map.of(), Map.of("kv.namespace", "limits-ns"));
    AtomicReference<Answer> first = new AtomicReference<>();
    eventually(
        () -> {
          first.set(invoke(limits));
          assertThat(first.get().status()).isEqualTo(200);
        });
    Answer answer = first.get();

    assertThat(answer.text())
        .isEqualTo(
            """
            get_missing=-2
            delete_missing=-2
            set_empty_key=-22
            set_dot_part=-22
            set_long_key=-22
            set_big_value=-27
            set_bad_pointer=-14
            set_ok=0
            get_small_buffer=-28 needed=12
            cas_create_existing=-11
            list=9 keys=greeting
            delete_ok=0
            """);
    String executionId = answer.header("X-Spear-Execution-Id");
    eventually(
        () ->
            assertThat(
                    platform
                        .smsHttp
                        .get("/api/v1/executions/" + executionId + "/output")
                        .json()
                        .path("log")
                        .asText())
                .contains("key is 513 bytes; the limit is 512 bytes (-22)")
                .contains("value is 1048577 bytes; the limit is 1048576 bytes (1 MiB) (-27)"));
  }
}
