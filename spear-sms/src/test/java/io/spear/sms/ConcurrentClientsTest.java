package io.spear.sms;

import static io.spear.sms.FilesApiTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrentClientsTest {

  private static final int CLIENTS = 8;
  private static final int ROUNDS = 40;

  @RegisterExtension final SmsExtension sms = SmsExtension.create();

  @Test
  @Timeout(120)
  void everyAcknowledgedUploadIsDownloadableAndNothingElseIsListed() throws Exception {
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    Set<String> tasks = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(
          pool.submit(
              () -> {
                for (int round = 0; round < ROUNDS; round++) {
                  // Some rounds share content across clients, so deduplication is exercised too.
                  String content =
                      round % 5 == 0 ? "shared " + round : "client " + client + " round " + round;
                  byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
                  Answer upload =
                      sms.http()
                          .post(
                              "/api/v1/files", bytes, Map.of("X-File-Name", client + "-" + round));
                  assertThat(upload.status()).isEqualTo(201);
                  JsonNode file = upload.json();
                  acknowledged.put(file.get("id").asText(), file.get("sha256").asText());
                  Answer task =
                      sms.http()
                          .postJson(
                              "/api/v1/tasks", TasksApiTest.seedTask(file.get("uri").asText()));
                  assertThat(task.status()).isEqualTo(201);
                  tasks.add(task.json().get("task_id").asText());
                  if (round % 7 == 0) {
                    assertThat(sms.http().get("/api/v1/files?limit=5").status()).isEqualTo(200);
                  }
                }
                return null;
              }));
    }
    for (Future<?> client : clients) {
      client.get();
    }
    pool.shutdown();

    assertThat(acknowledged).hasSize(CLIENTS * ROUNDS);
    for (Map.Entry<String, String> file : acknowledged.entrySet()) {
      Answer download = sms.http().get("/api/v1/files/" + file.getKey());
      assertThat(download.status()).isEqualTo(200);
      assertThat(sha256(download.body())).isEqualTo(file.getValue());
    }
    JsonNode listed = sms.http().get("/api/v1/files?limit=1000").json();
    assertThat(listed.get("total_count").asLong()).isEqualTo(CLIENTS * ROUNDS);
    Set<String> listedIds = new HashSet<>(listed.get("files").findValuesAsText("id"));
    assertThat(listedIds).isEqualTo(acknowledged.keySet());
    JsonNode listedTasks = sms.http().get("/api/v1/tasks?limit=1000").json();
    assertThat(new HashSet<>(listedTasks.get("tasks").findValuesAsText("task_id")))
        .isEqualTo(tasks);
  }
}
