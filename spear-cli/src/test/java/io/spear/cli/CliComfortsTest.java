package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.client.SmsClient;
import io.spear.model.api.TaskSpec;
import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionMode;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.testing.platform.PlatformExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tables, logs, completion scripts and one-line errors. */
class CliComfortsTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.smsOnly();

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  @Test
  void aClientCommandEndsWithItsClientsSelectorThreadGone() {
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();

    CliRun list = spear("tasks", "list", "--sms", platform.address());

    assertThat(list.exitCode()).as(list.err()).isZero();
    // A JVM exiting while such a thread waits in a system call waits 0.3 s for it.
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.getName().contains("SelectorManager"))
        .isEmpty();
  }

  @Test
  void listsPrintATableOnRequest() {
    new SmsClient(platform.address())
        .registerTask(
            new TaskSpec("hello", "", null, "", "greet", "", List.of(), Map.of(), Map.of(), null));

    CliRun table = spear("tasks", "list", "--output", "table", "--sms", platform.address());

    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("TASK_ID").contains("NAME", "STATUS", "ENDPOINT");
    assertThat(lines.get(1)).contains("hello", "registered", "normal", "greet");
    assertThat(spear("nodes", "list", "--output", "table", "--sms", platform.address()).out())
        .startsWith("UUID");
    assertThat(spear("files", "list", "--sms", platform.address()).out())
        .contains("\"total_count\"");
  }

  @Test
  void anApiErrorIsOneLineWithItsCodeAndAHint() {
    CliRun missing =
        spear("tasks", "get", "00000000-0000-0000-0000-000000000000", "--sms", platform.address());

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().lines()).hasSize(1);
    assertThat(missing.err())
        .startsWith("error: TASK_NOT_FOUND (HTTP 404): ")
        .contains("hint: list tasks with spear tasks list");
  }

  @Test
  void logsPrintAnExecutionsLines() {
    ExecutionRecord record =
        ExecutionRecord.accepted("e1", "i1", "t1", "n1", "", ExecutionMode.SYNC, 1)
            .running("inst", true, 2)
            .ended(
                new ExecutionRecord.Ending(
                    ExecutionState.COMPLETED,
                    0,
                    (ErrorCode) null,
                    null,
                    1000,
                    0,
                    false,
                    "first line\nsecond line\n",
                    false),
                3);
    new SmsClient(platform.address()).reportExecution(record);

    CliRun logs = spear("logs", "e1", "-f", "--sms", platform.address());

    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("first line\nsecond line\n");
  }

  @Test
  void completionScriptsCoverTheCommands() {
    CliRun bash = spear("completion", "bash");
    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out()).contains("deploy", "logs", "completion", "--output");
    assertThat(spear("completion", "zsh").out()).startsWith("autoload -U +X compinit");
    assertThat(spear("completion", "fish").exitCode()).isEqualTo(2);
  }
}
