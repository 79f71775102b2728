package io.spear.spearlet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spear.client.SmsClient;
import io.spear.corpus.Corpus;
import io.spear.model.error.NotFoundException;
import io.spear.model.task.Task;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.testing.FakeTicker;
import io.spear.testing.HttpTestClient;
import io.spear.testing.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDirectoryTest {

  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @TempDir Path dataDir;
  @TempDir Path nodeCache;
  private SmsServer sms;
  private HttpTestClient http;
  private final FakeTicker ticker = new FakeTicker();
  private TaskDirectory tasks;
  private String taskId;
  private String fileId;

  @BeforeEach
  void start() {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
    http = new HttpTestClient(sms.port());
    fileId =
        http.post("/api/v1/files", Corpus.bytes("hello.c.wasm"), Map.of("X-File-Name", "h.wasm"))
            .json()
            .get("id")
            .asText();
    taskId =
        http.postJson(
                "/api/v1/tasks",
                """
                {"name": "hello", "executable": {"type": "wasm",
                 "uri": "sms+file://%s", "name": "h.wasm"}}
                """
                    .formatted(fileId))
            .json()
            .get("task_id")
            .asText();
    tasks =
        new TaskDirectory(
            new SmsClient("http://127.0.0.1:" + sms.port()), INTERVAL, ticker, id -> {});
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  private double taskReads() {
    return PrometheusText.parse(http.get("/metrics").text()).entrySet().stream()
        .filter(e -> e.getKey().startsWith("http_server_requests_seconds_count{"))
        .filter(e -> e.getKey().contains("method=\"GET\""))
        .filter(e -> e.getKey().contains("route=\"/api/v1/tasks/{id}\""))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  @Test
  void aKnownTaskIsServedFromMemoryUntilItsRevalidationInterval() {
    Task first = tasks.resolve(taskId);
    ticker.advance(INTERVAL.minusMillis(1));
    Task second = tasks.resolve(taskId);

    assertThat(second).isSameAs(first);
    assertThat(taskReads()).isEqualTo(1.0);
  }

  @Test
  void manyCallersOfAnExpiredTaskCostSmsOneRead() throws Exception {
    Task first = tasks.resolve(taskId);
    ticker.advance(INTERVAL.plusMillis(1));
    int callers = 16;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Task>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return tasks.resolve(taskId);
                }));
      }
      go.countDown();
      for (Future<Task> answer : answers) {
        assertThat(answer.get()).isSameAs(first);
      }
    }

    assertThat(taskReads()).isEqualTo(2.0);
  }

  /** A node's directory keeping definitions in the node's cache folder, as after a (re)start. */
  private TaskDirectory keeping() {
    return new TaskDirectory(
        new SmsClient("http://127.0.0.1:" + sms.port()),
        INTERVAL,
        ticker,
        id -> {},
        KeptTasks.under(nodeCache));
  }

  private Path keptFile() {
    return nodeCache.resolve("tasks").resolve(taskId + ".json");
  }

  @Test
  void aRestartedNodeServesTheKeptVersionSmsNamesWithoutAskingSms() {
    Task fetched = keeping().resolve(taskId);

    Task restarted = keeping().resolve(taskId, OptionalLong.of(fetched.updatedAt()));

    assertThat(restarted).isEqualTo(fetched);
    assertThat(taskReads()).isEqualTo(1.0);
  }

  @Test
  void aRestartedNodeAsksSmsForAVersionItDidNotKeep() {
    Task old = keeping().resolve(taskId);
    HttpTestClient.Answer update =
        http.send(
            "PUT",
            "/api/v1/tasks/" + taskId,
            """
            {"name": "renamed", "executable": {"type": "wasm",
             "uri": "sms+file://%s", "name": "h.wasm"}}
            """
                .formatted(fileId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/json"));
    assertThat(update.status()).as(update.text()).isEqualTo(200);
    long current = update.json().get("task").get("updated_at").asLong();
    assertThat(current).isGreaterThan(old.updatedAt());

    Task restarted = keeping().resolve(taskId, OptionalLong.of(current));

    assertThat(restarted.name()).isEqualTo("renamed");
    assertThat(taskReads()).isEqualTo(2.0);
    // The new version is the one kept now.
    assertThat(keeping().resolve(taskId, OptionalLong.of(current))).isEqualTo(restarted);
    assertThat(taskReads()).isEqualTo(2.0);
  }

  @Test
  void aTaskSmsNoLongerHasIsForgottenOnDisk() {
    Task fetched = keeping().resolve(taskId);
    assertThat(keptFile()).exists();
    http.delete("/api/v1/tasks/" + taskId);

    assertThat(catchThrowable(() -> keeping().resolve(taskId)))
        .isInstanceOf(NotFoundException.class);
    assertThat(keptFile()).doesNotExist();
    assertThat(
            catchThrowable(() -> keeping().resolve(taskId, OptionalLong.of(fetched.updatedAt()))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aDamagedKeptDefinitionIsFetchedAgainAndKeptAgain() throws IOException {
    Task fetched = keeping().resolve(taskId);
    String good = Files.readString(keptFile());
    Files.writeString(keptFile(), good.substring(0, good.length() / 2));

    Task restarted = keeping().resolve(taskId, OptionalLong.of(fetched.updatedAt()));

    assertThat(restarted).isEqualTo(fetched);
    assertThat(taskReads()).isEqualTo(2.0);
    assertThat(Files.readString(keptFile())).isEqualTo(good);
  }
}
