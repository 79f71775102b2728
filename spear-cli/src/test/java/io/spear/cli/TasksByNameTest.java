package io.spear.cli;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.spear.corpus.Corpus;
import io.spear.model.json.Json;
import io.spear.testing.platform.PlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tasks named by name, executions listed, and the execution id a run or invoke reports. */
@Timeout(120)
class TasksByNameTest {

  @TempDir Path dir;
  @RegisterExtension final PlatformExtension platform = PlatformExtension.withNode();

  private CliRun spear(String... args) {
    String[] withSms = java.util.Arrays.copyOf(args, args.length + 2);
    withSms[args.length] = "--sms";
    withSms[args.length + 1] = platform.address();
    return CliRun.of(withSms);
  }

  private String register(String name, String corpusFile) throws Exception {
    Path module = dir.resolve(corpusFile);
    Files.write(module, Corpus.bytes(corpusFile));
    String uri = platform.client().uploadFile(module, corpusFile, Optional.empty()).uri();
    return platform
        .client()
        .registerTask(TasksCommand.Register.wasmTask(name, uri, List.of(), Map.of(), Map.of()))
        .taskId();
  }

  @Test
  void aTaskIsInvokedShownAndRemovedByItsName() throws Exception {
    String id = register("upper", "echo_upper.c.wasm");

    CliRun invoked = spear("invoke", "upper", "--data", "by name");
    assertThat(invoked.exitCode()).as(invoked.err()).isZero();
    assertThat(invoked.out()).isEqualTo("BY NAME");

    assertThat(Json.tree(spear("tasks", "get", "upper").out()).get("task_id").asText())
        .isEqualTo(id);
    assertThat(spear("invoke", id, "--data", "by id").out()).isEqualTo("BY ID");
    assertThat(spear("tasks", "rm", "upper").exitCode()).isZero();
    assertThat(platform.client().findTask(id)).isEmpty();
  }

  @Test
  void anAmbiguousNameIsAnErrorListingTheIdsAndAnUnknownOneSaysHowToList() throws Exception {
    String first = register("twice", "echo_upper.c.wasm");
    String second = register("twice", "echo_upper.c.wasm");

    CliRun ambiguous = spear("invoke", "twice", "--data", "x");
    assertThat(ambiguous.exitCode()).isEqualTo(1);
    assertThat(ambiguous.err().lines()).hasSize(1);
    assertThat(ambiguous.err()).contains("2 tasks are named 'twice'", first, second);

    CliRun unknown = spear("invoke", "nobody");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo("error: no task named 'nobody': list tasks with spear tasks list");
  }

  @Test
  void executionsAreListedByTaskNameAndTheLastOnesLogIsShown() throws Exception {
    register("hello", "hello.c.wasm");
    register("upper", "echo_upper.c.wasm");
    assertThat(spear("invoke", "hello").exitCode()).isZero();
    assertThat(spear("invoke", "hello").exitCode()).isZero();
    assertThat(spear("invoke", "upper", "--data", "u").exitCode()).isZero();

    eventually(
        () -> {
          CliRun json = spear("executions", "list", "--task", "hello", "--status", "completed");
          assertThat(json.exitCode()).as(json.err()).isZero();
          assertThat(Json.tree(json.out()).get("total_count").asInt()).isEqualTo(2);
        });
    CliRun table =
        spear("executions", "list", "--status", "completed", "--limit", "2", "--output", "table");
    assertThat(table.out().lines().toList().getFirst())
        .startsWith("EXECUTION_ID")
        .contains("TASK_ID", "STATUS");
    assertThat(table.out().lines()).hasSize(3);

    String newest =
        Json.tree(spear("executions", "list", "--task", "hello", "--limit", "1").out())
            .get("executions")
            .get(0)
            .get("execution_id")
            .asText();
    CliRun logs = spear("logs", "--task", "hello", "--last");
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.err()).contains("-- execution " + newest);
    assertThat(logs.out()).contains("hello from stderr");
  }

  @Test
  void aFailedRunNamesItsExecutionAndATimeoutExits124AsStandalone() throws Exception {
    Path loop = dir.resolve("infinite_loop.wat.wasm");
    Files.write(loop, Corpus.bytes("infinite_loop.wat.wasm"));

    CliRun run = spear("run", "--no-stdin", "--timeout-ms", "1000", loop.toString());

    assertThat(run.exitCode()).isEqualTo(124);
    String line = run.err().strip();
    assertThat(line.lines()).hasSize(1);
    assertThat(line)
        .startsWith("spear: timeout (EXECUTION_TIMEOUT): stopped at its time limit of 1 s")
        .contains("— execution ", "spear logs ")
        .doesNotContain("PT1S");
    String id = line.substring(line.lastIndexOf(' ') + 1);
    // The node reports the record to SMS in the background, shortly after the answer.
    eventually(
        () -> assertThat(platform.client().execution(id).status().wire()).isEqualTo("timeout"));
  }
}
