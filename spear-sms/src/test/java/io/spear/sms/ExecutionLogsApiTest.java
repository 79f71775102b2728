package io.spear.sms;

import static io.spear.sms.FilesApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.Json;
import io.spear.sms.log.LogLimits;
import io.spear.testing.HttpTestClient.Answer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ExecutionLogsApiTest {

  @TempDir Path dataDir;
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private SmsTestServer sms;

  private SmsTestServer start(LogLimits limits) {
    InstantSource clock = () -> now.get();
    sms =
        new SmsTestServer(
            SmsServer.builder(
                    SmsConfig.defaults()
                        .withHost("127.0.0.1")
                        .withPort(0)
                        .withDataDir(dataDir)
                        .withClock(clock))
                .logLimits(limits)
                .start(),
            dataDir);
    return sms;
  }

  @AfterEach
  void stop() {
    if (sms != null) {
      sms.close();
    }
  }

  private void report(String id, ExecutionState state, String log) {
    Answer answer =
        sms.http.send(
            "PUT",
            "/api/v1/executions/" + id,
            Json.writeBytes(record(id, state, log)),
            Map.of("Content-Type", "application/json"));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
  }

  private static ExecutionRecord record(String id, ExecutionState state, String log) {
    return new ExecutionRecord(
        id,
        "inv-" + id,
        "task-1",
        "node-1",
        "inst-1",
        "",
        ExecutionMode.ASYNC,
        state,
        state == ExecutionState.COMPLETED ? 0 : null,
        null,
        null,
        1_000,
        1_001,
        state.terminal() ? 1_050 : 0,
        state.terminal() ? 49 : 0,
        state.terminal() ? 49_000 : 0,
        false,
        0,
        false,
        log,
        false,
        null,
        null);
  }

  private static List<String> messages(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("lines").forEach(l -> out.add(l.get("message").asText()));
    return out;
  }

  @Test
  void anExecutionsLogIsReadInPagesWithSystemAndGuestLines() {
    start(LogLimits.defaults());
    report("e1", ExecutionState.RUNNING, "");
    report("e1", ExecutionState.COMPLETED, "first\nsecond\nthird\n");

    JsonNode one = sms.http.get("/api/v1/executions/e1/logs?limit=2").json();
    JsonNode two =
        sms.http
            .get("/api/v1/executions/e1/logs?limit=2&cursor=" + one.get("next_cursor").asLong())
            .json();
    JsonNode three =
        sms.http
            .get("/api/v1/executions/e1/logs?limit=2&cursor=" + two.get("next_cursor").asLong())
            .json();

    assertThat(messages(one)).containsExactly("started on node node-1 (task task-1)", "first");
    assertThat(messages(two)).containsExactly("second", "third");
    assertThat(messages(three)).containsExactly("completed with exit code 0 after 49 ms");
    assertThat(one.get("lines").get(0).get("stream").asText()).isEqualTo("system");
    assertThat(one.get("lines").get(1).get("stream").asText()).isEqualTo("guest");
    assertThat(one.get("lines").get(1).get("seq").asLong()).isEqualTo(2);
    assertThat(three.get("ended").asBoolean()).isTrue();
    assertThat(three.get("truncated").asBoolean()).isFalse();
    // A late duplicate report of the ended execution adds nothing.
    report("e1", ExecutionState.COMPLETED, "first\nsecond\nthird\n");
    assertThat(sms.http.get("/api/v1/executions/e1/logs").json().get("lines")).hasSize(5);
  }

  @Test
  void theWholeLogDownloadsAsText() {
    start(LogLimits.defaults());
    report("e2", ExecutionState.FAILED, "boom\n");

    Answer download = sms.http.get("/api/v1/executions/e2/logs/download");

    assertThat(download.header("Content-Type")).startsWith("text/plain");
    assertThat(download.header("Content-Disposition")).contains("execution-e2.log");
    assertThat(download.text().lines().toList())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(1)).endsWith(" guest info boom"))
        .satisfies(lines -> assertThat(lines.get(2)).contains("system error failed"));
  }

  @Test
  void aLogBeyondItsBoundsIsCutAndMarkedTruncated() {
    start(new LogLimits(4, 1 << 20, 10, Duration.ofDays(7), 1L << 30));
    report("e3", ExecutionState.COMPLETED, "0123456789abcdef\nb\nc\nd\ne\nf\n");

    JsonNode page = sms.http.get("/api/v1/executions/e3/logs").json();

    assertThat(page.get("lines")).hasSize(4);
    assertThat(page.get("truncated").asBoolean()).isTrue();
    assertThat(messages(page).get(1)).isEqualTo("0123456789…");
    assertThat(sms.http.get("/api/v1/executions/e3/logs/download").text())
        .endsWith("[log truncated at its size limit]\n");
  }

  @Test
  void logsPastTheirRetentionOrBeyondTheTotalSizeAreDeletedOldestFirst() {
    start(new LogLimits(100, 1 << 20, 8192, Duration.ofHours(1), 100));
    report("old", ExecutionState.COMPLETED, "x\n");
    now.set(now.get().plus(Duration.ofMinutes(90)));
    report("mid", ExecutionState.COMPLETED, "y\n");
    now.set(now.get().plus(Duration.ofMinutes(1)));
    report("new", ExecutionState.COMPLETED, "z\n");

    int deleted = sms.server.sweepExecutionLogs();

    // "old" is past an hour; then the 100-byte cap leaves room for only the newest log (75 bytes).
    assertThat(deleted).isEqualTo(2);
    assertThat(sms.http.get("/api/v1/executions/old/logs").json().get("lines")).isEmpty();
    assertThat(sms.http.get("/api/v1/executions/mid/logs").json().get("lines")).isEmpty();
    assertThat(sms.http.get("/api/v1/executions/new/logs").json().get("lines")).hasSize(3);
  }

  @Test
  @Timeout(20)
  void followingARunningExecutionStreamsItsLinesAndEndsWhenItEnds() throws Exception {
    start(LogLimits.defaults());
    report("e4", ExecutionState.RUNNING, "");
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + sms.server.port()
                            + "/api/v1/executions/e4/logs?follow=true"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // The line written while it runs arrives before the execution ends.
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("data: ")) {
        events.add(line);
      }
      assertThat(line).contains("started on node node-1");
      report("e4", ExecutionState.CANCELLED, "last words\n");
      while ((line = reader.readLine()) != null) {
        events.add(line);
      }
    }

    assertThat(events).contains("event: line", "id: 1", "id: 3", "event: end");
    assertThat(String.join("\n", events))
        .contains("last words", "cancelled after 49 ms", "\"status\":\"cancelled\"");
  }

  @Test
  void linesANodeStreamsWhileTheGuestRunsAreStoredOnceAndTheFinalLogIsNotRepeated() {
    start(LogLimits.defaults());
    report("e5", ExecutionState.RUNNING, "");

    Answer appended =
        sms.http.postJson(
            "/api/v1/executions/e5/logs",
            """
            {"lines": [{"ts_ms": 1010, "message": "step 1"},
                       {"ts_ms": 1020, "level": "warn", "message": "step 2"}]}
            """);
    JsonNode whileRunning = sms.http.get("/api/v1/executions/e5/logs").json();
    report("e5", ExecutionState.COMPLETED, "step 1\nstep 2\n");
    JsonNode done = sms.http.get("/api/v1/executions/e5/logs").json();

    assertThat(appended.status()).as(appended.text()).isEqualTo(200);
    assertThat(messages(whileRunning))
        .containsExactly("started on node node-1 (task task-1)", "step 1", "step 2");
    assertThat(whileRunning.get("ended").asBoolean()).isFalse();
    assertThat(whileRunning.get("lines").get(2).get("level").asText()).isEqualTo("warn");
    assertThat(messages(done))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "step 1",
            "step 2",
            "completed with exit code 0 after 49 ms");
    assertError(
        sms.http.postJson(
            "/api/v1/executions/e5/logs",
            "{\"lines\": [{\"level\": \"loud\", \"message\": \"x\"}]}"),
        400,
        "INVALID_REQUEST");
    assertError(sms.http.postJson("/api/v1/executions/e5/logs", "{}"), 400, "INVALID_REQUEST");
  }

  @Test
  void aBatchOfReportsLogsEachExecutionOnceInOrder() {
    start(LogLimits.defaults());
    report("b3", ExecutionState.RUNNING, "");
    sms.http.postJson(
        "/api/v1/executions/b3/logs", "{\"lines\": [{\"ts_ms\": 1010, \"message\": \"live\"}]}");

    Answer batch =
        sms.http.postJson(
            "/api/v1/executions",
            Json.write(
                Map.of(
                    "executions",
                    List.of(
                        record("b1", ExecutionState.RUNNING, ""),
                        record("b1", ExecutionState.COMPLETED, "one\n"),
                        record("b2", ExecutionState.FAILED, "two\n"),
                        record("b3", ExecutionState.COMPLETED, "live\n")))));

    assertThat(batch.status()).as(batch.text()).isEqualTo(200);
    assertThat(messages(sms.http.get("/api/v1/executions/b1/logs").json()))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "one",
            "completed with exit code 0 after 49 ms");
    assertThat(messages(sms.http.get("/api/v1/executions/b2/logs").json()))
        .containsExactly("started on node node-1 (task task-1)", "two", "failed after 49 ms");
    assertThat(messages(sms.http.get("/api/v1/executions/b3/logs").json()))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "live",
            "completed with exit code 0 after 49 ms");
  }

  @Test
  void startAndEndLinesAreDerivedFromTheRecordAndNotStored() throws Exception {
    start(LogLimits.defaults());
    report("d1", ExecutionState.COMPLETED, "only line\n");

    JsonNode page = sms.http.get("/api/v1/executions/d1/logs").json();

    assertThat(messages(page))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "only line",
            "completed with exit code 0 after 49 ms");
    assertThat(page.get("lines").findValuesAsText("seq")).containsExactly("1", "2", "3");
    assertThat(page.get("lines").get(0).get("ts_ms").asLong()).isEqualTo(1_001);
    assertThat(page.get("lines").get(2).get("ts_ms").asLong()).isEqualTo(1_050);
    assertThat(page.get("next_cursor").asLong()).isEqualTo(3);
    assertThat(storedLines("d1")).isEmpty();
  }

  @Test
  void linesStreamedWhileTheGuestRanAndLinesCutAtTheBoundsAreStoredAsRows() throws Exception {
    start(new LogLimits(100, 1 << 20, 10, Duration.ofDays(7), 1L << 30));
    report("r1", ExecutionState.RUNNING, "");
    sms.http.postJson(
        "/api/v1/executions/r1/logs", "{\"lines\": [{\"ts_ms\": 1010, \"message\": \"live\"}]}");
    report("r1", ExecutionState.COMPLETED, "live\n");
    report("r2", ExecutionState.COMPLETED, "short\n0123456789abcdef\n");

    assertThat(storedLines("r1")).containsExactly("2 guest live");
    assertThat(storedLines("r2")).containsExactly("2 guest short", "3 guest 0123456789…");
    assertThat(messages(sms.http.get("/api/v1/executions/r2/logs").json()))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "short",
            "0123456789…",
            "completed with exit code 0 after 49 ms");
  }

  @Test
  void derivedLinesPageLikeStoredOnes() {
    start(LogLimits.defaults());
    report("d2", ExecutionState.COMPLETED, "a\nb\n");

    JsonNode one = sms.http.get("/api/v1/executions/d2/logs?limit=1").json();
    JsonNode two = sms.http.get("/api/v1/executions/d2/logs?limit=2&cursor=1").json();
    JsonNode three = sms.http.get("/api/v1/executions/d2/logs?limit=2&cursor=3").json();
    JsonNode after = sms.http.get("/api/v1/executions/d2/logs?cursor=4").json();

    assertThat(messages(one)).containsExactly("started on node node-1 (task task-1)");
    assertThat(messages(two)).containsExactly("a", "b");
    assertThat(messages(three)).containsExactly("completed with exit code 0 after 49 ms");
    assertThat(after.get("lines")).isEmpty();
    assertThat(after.get("next_cursor").asLong()).isEqualTo(4);
  }

  @Test
  void aLogStoredBeforeLinesWereDerivedReadsAsItWasWritten() throws Exception {
    start(LogLimits.defaults());
    report("old1", ExecutionState.COMPLETED, "");
    // As an SMS before derived lines wrote it: every system line a row, no slots.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("sms.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM execution_log_lines WHERE execution_id = 'old1'");
      st.executeUpdate(
          "INSERT INTO execution_log_lines VALUES"
              + " ('old1', 1, 1001, 'system', 'info', 'started on node node-1 (task task-1)'),"
              + " ('old1', 2, 1050, 'guest', 'info', 'kept'),"
              + " ('old1', 3, 1050, 'system', 'info', 'completed with exit code 0 after 49 ms')");
      st.executeUpdate(
          "UPDATE execution_logs SET lines = 3, start_seq = 0, end_seq = 0"
              + " WHERE execution_id = 'old1'");
    }

    assertThat(messages(sms.http.get("/api/v1/executions/old1/logs").json()))
        .containsExactly(
            "started on node node-1 (task task-1)",
            "kept",
            "completed with exit code 0 after 49 ms");
  }

  private List<String> storedLines(String id) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("sms.db"));
        Statement st = c.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT seq, stream, message FROM execution_log_lines WHERE execution_id = '"
                    + id
                    + "' ORDER BY seq")) {
      while (r.next()) {
        lines.add(r.getLong(1) + " " + r.getString(2) + " " + r.getString(3));
      }
    }
    return lines;
  }

  @Test
  void unknownExecutionsHaveNoLog() {
    start(LogLimits.defaults());

    assertError(sms.http.get("/api/v1/executions/nope/logs"), 404, "EXECUTION_NOT_FOUND");
    assertError(sms.http.get("/api/v1/executions/nope/logs/download"), 404, "EXECUTION_NOT_FOUND");
  }
}
