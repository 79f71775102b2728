package io.spear.sms;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulesApiTest {

  @TempDir Path dataDir;
  private SmsTestServer sms;
  private String task;

  @BeforeEach
  void start() {
    sms = SmsTestServer.start(dataDir);
    task =
        sms.http
            .postJson("/api/v1/tasks", "{\"name\": \"nightly\"}")
            .json()
            .get("task_id")
            .asText();
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  private Answer create(String fields) {
    return sms.http.postJson(
        "/api/v1/schedules", "{\"task_id\": \"" + task + "\", " + fields + "}");
  }

  @Test
  void aScheduleIsCreatedListedReadPausedResumedAndDeleted() {
    Answer created = create("\"every\": \"30s\", \"input_base64\": \"aGk=\"");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    JsonNode schedule = created.json().get("schedule");
    String id = schedule.get("schedule_id").asText();
    assertThat(schedule.get("every").asText()).isEqualTo("30s");
    assertThat(schedule.has("cron")).isFalse();
    assertThat(schedule.get("timezone").asText()).isEqualTo("UTC");
    assertThat(schedule.get("enabled").asBoolean()).isTrue();

    JsonNode read = sms.http.get("/api/v1/schedules/" + id).json();
    assertThat(read.get("schedule").get("input_base64").asText()).isEqualTo("aGk=");
    JsonNode times = read.get("next_fire_times");
    assertThat(times).hasSize(5);
    OffsetDateTime first = OffsetDateTime.parse(times.get(0).asText());
    assertThat(OffsetDateTime.parse(times.get(4).asText())).isEqualTo(first.plusSeconds(120));
    assertThat(first.toInstant().toEpochMilli())
        .isEqualTo(read.get("schedule").get("next_fire_at_ms").asLong());

    JsonNode listed = sms.http.get("/api/v1/schedules").json();
    assertThat(listed.get("total_count").asInt()).isEqualTo(1);
    assertThat(listed.get("schedules").get(0).get("schedule_id").asText()).isEqualTo(id);

    Answer paused = sms.http.postJson("/api/v1/schedules/" + id + "/pause", "");
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().at("/schedule/enabled").asBoolean()).isFalse();
    assertThat(sms.http.get("/api/v1/schedules/" + id).json().at("/schedule/enabled").asBoolean())
        .isFalse();
    Answer resumed = sms.http.postJson("/api/v1/schedules/" + id + "/resume", "");
    assertThat(resumed.json().at("/schedule/enabled").asBoolean()).isTrue();

    assertThat(sms.http.delete("/api/v1/schedules/" + id).status()).isEqualTo(200);
    assertThat(sms.http.get("/api/v1/schedules/" + id).status()).isEqualTo(404);
    assertThat(sms.http.delete("/api/v1/schedules/" + id).status()).isEqualTo(404);
    assertThat(sms.http.postJson("/api/v1/schedules/" + id + "/pause", "").status()).isEqualTo(404);
    assertThat(sms.http.postJson("/api/v1/schedules/not-an-id/resume", "").status()).isEqualTo(404);
  }

  @Test
  void aCronScheduleShowsItsNextTicksOnTheWallClockOfItsZone() {
    Answer created = create("\"cron\": \"30 9 * * *\", \"timezone\": \"Europe/Paris\"");
    assertThat(created.status()).as(created.text()).isEqualTo(201);

    for (JsonNode time : created.json().get("next_fire_times")) {
      OffsetDateTime t = OffsetDateTime.parse(time.asText());
      assertThat(t.getHour()).isEqualTo(9);
      assertThat(t.getMinute()).isEqualTo(30);
      assertThat(t.getOffset().getTotalSeconds()).isIn(3600, 7200);
    }
    Answer seconds = create("\"cron\": \"*/10 * * * * *\"");
    assertThat(seconds.status()).as(seconds.text()).isEqualTo(201);
    assertThat(
            OffsetDateTime.parse(seconds.json().at("/next_fire_times/0").asText()).getSecond() % 10)
        .isZero();
  }

  @Test
  void badFieldsAreRefusedNamingTheField() {
    assertBad(
        sms.http.postJson("/api/v1/schedules", "{\"every\": \"30s\"}"), "task_id is required");
    assertBad(create("\"every\": \"30s\", \"cron\": \"* * * * *\""), "exactly one of cron");
    assertBad(create("\"timezone\": \"UTC\""), "exactly one of cron");
    assertBad(create("\"cron\": \"* * *\""), "cron must have 5 fields");
    assertBad(create("\"cron\": \"99 * * * *\""), "cron '99 * * * *' is not valid");
    assertBad(create("\"every\": \"often\""), "every must be a whole number");
    assertBad(create("\"every\": \"0s\""), "every must be at least 1s");
    assertBad(create("\"every\": \"1m\", \"timezone\": \"Mars/Olympus\""), "timezone must be");
    assertBad(create("\"every\": \"1m\", \"input_base64\": \"***\""), "input_base64 is not valid");
    assertBad(create("\"every\": \"1m\", \"enabled\": \"yes\""), "enabled must be true or false");
    assertBad(
        sms.http.postJson("/api/v1/schedules", "{\"task_id\": \"../x\", \"every\": \"1m\"}"),
        "task_id must be a task id");

    Answer unknownTask =
        sms.http.postJson(
            "/api/v1/schedules",
            "{\"task_id\": \"00000000-0000-4000-8000-000000000000\", \"every\": \"1m\"}");
    assertThat(unknownTask.status()).isEqualTo(404);
    assertThat(unknownTask.json().get("error").asText()).isEqualTo("TASK_NOT_FOUND");
    assertThat(sms.http.get("/api/v1/schedules").json().get("total_count").asInt()).isZero();
  }

  @Test
  void aTickThatNoNodeTakesIsAFailedExecutionOfTheSchedule() {
    String id = create("\"every\": \"1s\"").json().at("/schedule/schedule_id").asText();

    eventually(
        () -> {
          JsonNode executions =
              sms.http.get("/api/v1/executions?schedule_id=" + id).json().get("executions");
          assertThat(executions).isNotEmpty();
          JsonNode first = executions.get(0);
          assertThat(first.get("trigger").asText()).isEqualTo("schedule");
          assertThat(first.get("schedule_id").asText()).isEqualTo(id);
          assertThat(first.get("task_id").asText()).isEqualTo(task);
          assertThat(first.get("status").asText()).isEqualTo("failed");
          assertThat(first.get("invocation_id").asText()).startsWith(id + ".");
        });
    assertThat(
            sms.http
                .get("/api/v1/executions")
                .json()
                .get("executions")
                .get(0)
                .get("trigger")
                .asText())
        .isEqualTo("schedule");
  }

  private static void assertBad(Answer answer, String message) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(answer.json().get("message").asText()).contains(message);
  }
}
