package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running execution's log lines reach SMS while the guest runs, not only when it ends. */
class LiveExecutionLogTest {

  @TempDir Path dataDir;
  private TestPlatform platform;
  private HttpClient http;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dataDir);
    platform.addSpearlet();
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    http.close();
    platform.close();
  }

  private String runAsync(String taskId) {
    Answer accepted =
        platform.smsHttp.postJson(
            "/api/v1/invocations", "{\"task_id\": \"%s\", \"mode\": \"async\"}".formatted(taskId));
    assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
    return accepted.json().get("execution_id").asText();
  }

  private String status(String executionId) {
    return platform.smsHttp.get("/api/v1/executions/" + executionId).json().get("status").asText();
  }

  private List<String> messages(String executionId) {
    List<String> messages = new ArrayList<>();
    JsonNode page =
        platform.smsHttp.get("/api/v1/executions/" + executionId + "/logs?limit=1000").json();
    for (JsonNode line : page.get("lines")) {
      messages.add(line.get("stream").asText() + ":" + line.get("message").asText());
    }
    return messages;
  }

  @Test
  void aRunningGuestsLinesArriveOverSseWhileItRuns() {
    String taskId = platform.deploy("log_then_sleep.c.wasm", "60000");
    String executionId = runAsync(taskId);
    // Following needs SMS to know the execution (it learns of it from the node's first report).
    eventually(
        () ->
            assertThat(platform.smsHttp.get("/api/v1/executions/" + executionId).status())
                .isEqualTo(200));
    List<String> events = new CopyOnWriteArrayList<>();
    HttpRequest follow =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + platform.sms.port()
                        + "/api/v1/executions/"
                        + executionId
                        + "/logs?follow=true"))
            .build();
    var stream = http.sendAsync(follow, HttpResponse.BodyHandlers.ofLines());
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    stream.join().body().forEach(events::add);
                  } catch (RuntimeException e) {
                    events.add("reader failed: " + e);
                  }
                });

    eventually(
        () ->
            assertThat(String.join("\n", events))
                .contains("[info] before sleep")
                .contains("stderr before sleep"));
    assertThat(status(executionId)).isNotIn("completed", "failed", "cancelled", "timeout");
    assertThat(String.join("\n", events)).doesNotContain("after sleep");

    Answer cancelled =
        platform.smsHttp.send(
            "POST", "/api/v1/executions/" + executionId + "/cancel", null, Map.of());
    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    eventually(() -> assertThat(events).contains("event: end"));
    eventually(() -> assertThat(reader.isAlive()).isFalse());
  }

  @Test
  void streamedLinesAreStoredOnceBetweenTheStartAndTheEnding() {
    String taskId = platform.deploy("log_then_sleep.c.wasm", "10");
    String executionId = runAsync(taskId);
    // The record and its ending line are stored one after the other: wait for the line.
    eventually(
        () -> {
          List<String> stored = messages(executionId);
          assertThat(stored).isNotEmpty();
          assertThat(stored.getLast()).startsWith("system:completed");
        });

    List<String> messages = messages(executionId);
    assertThat(messages.getFirst()).startsWith("system:started on node ");
    assertThat(messages).filteredOn(m -> m.startsWith("system:started")).hasSize(1);
    assertThat(messages)
        .filteredOn(m -> m.startsWith("guest:"))
        .containsExactly(
            "guest:[info] before sleep", "guest:stderr before sleep", "guest:[info] after sleep");
  }
}
