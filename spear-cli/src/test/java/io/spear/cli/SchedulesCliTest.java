package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.corpus.Corpus;
import io.spear.model.json.Json;
import io.spear.testing.platform.PlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear schedules}: create, list, get, pause, resume and rm against a real platform. */
@Timeout(120)
class SchedulesCliTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.withNode();

  @BeforeEach
  void deploy() throws Exception {
    Path module = dir.resolve("echo_upper.c.wasm");
    Files.write(module, Corpus.bytes("echo_upper.c.wasm"));
    String uri = platform.client().uploadFile(module, "echo_upper", Optional.empty()).uri();
    platform
        .client()
        .registerTask(TasksCommand.Register.wasmTask("upper", uri, List.of(), Map.of(), Map.of()));
  }

  private CliRun spear(String... args) {
    String[] withSms = java.util.Arrays.copyOf(args, args.length + 2);
    withSms[args.length] = "--sms";
    withSms[args.length + 1] = platform.address();
    return CliRun.of(withSms);
  }

  @Test
  void aScheduleMadeFromTheCommandLineRunsItsTaskAndIsPausedResumedAndRemoved() {
    CliRun created =
        spear("schedules", "create", "--task", "upper", "--every", "1s", "--input", "hi");
    assertThat(created.exitCode()).as(created.err()).isZero();
    JsonNode answer = Json.tree(created.out());
    String id = answer.at("/schedule/schedule_id").asText();
    assertThat(answer.get("next_fire_times")).hasSize(5);

    CliRun table = spear("schedules", "list", "--output", "table");
    assertThat(table.out()).contains("SCHEDULE_ID", id, "every 1s", "active");
    assertThat(Json.tree(spear("schedules", "get", id).out()).at("/schedule/input_base64").asText())
        .isEqualTo("aGk=");

    eventually(
        () ->
            assertThat(spear("executions", "list", "--schedule", id, "--output", "table").out())
                .contains("schedule", "completed"));

    assertThat(Json.tree(spear("schedules", "pause", id).out()).at("/schedule/enabled").asBoolean())
        .isFalse();
    assertThat(spear("schedules", "list", "--output", "table").out()).contains("paused");
    assertThat(
            Json.tree(spear("schedules", "resume", id).out()).at("/schedule/enabled").asBoolean())
        .isTrue();
    assertThat(spear("schedules", "rm", id).exitCode()).isZero();
    CliRun gone = spear("schedules", "get", id);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.err()).contains("schedule not found");
  }

  @Test
  void cronAndEveryTogetherOrABadCronAreRefusedInWords() {
    CliRun both =
        spear("schedules", "create", "--task", "upper", "--every", "1s", "--cron", "* * * * *");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");

    CliRun bad = spear("schedules", "create", "--task", "upper", "--cron", "* * *");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("cron must have 5 fields");
  }
}
