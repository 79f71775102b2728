package io.spear.spearlet;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spear.client.ApiCallException;
import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.client.StreamedInvocation;
import io.spear.client.TaskFilter;
import io.spear.corpus.Corpus;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.InvocationRequest;
import io.spear.model.api.TaskSpec;
import io.spear.model.error.ErrorCode;
import io.spear.model.execution.ExecutionState;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed client against a real SMS and node: records in, records out, codes on failure. */
class TypedClientTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestPlatform platform;
  private SmsClient client;

  @BeforeEach
  void start() {
    platform = TestPlatform.start(dir.resolve("data"));
    platform.addSpearlet();
    client = new SmsClient("127.0.0.1:" + platform.sms.port());
    eventually(() -> assertThat(client.listNodes().nodes()).anyMatch(n -> n.online()));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  @Test
  void aModuleUploadedRegisteredAndInvokedAnswersRecords() throws Exception {
    FileUploaded file = upload("hello.c.wasm");
    assertThat(client.fileMeta(file.id()).sha256()).isEqualTo(file.sha256());
    assertThat(client.findFileBySha256(file.sha256().toUpperCase(Locale.ROOT))).isPresent();

    String taskId = client.registerTask(spec("hello", file, List.of("a"))).taskId();
    InvocationAnswer answer =
        client.invoke(InvocationRequest.of(taskId, new byte[0]), Duration.ofSeconds(30));

    assertThat(answer.ok()).isTrue();
    assertThat(answer.body().status()).isEqualTo(ExecutionState.COMPLETED);
    assertThat(answer.body().exitCode()).isZero();
    assertThat(new String(answer.body().output(), StandardCharsets.UTF_8)).contains("argv[1]=a");
    assertThat(answer.body().log()).contains("hello from stderr");
    eventually(
        () ->
            assertThat(client.execution(answer.body().executionId()).status())
                .isEqualTo(ExecutionState.COMPLETED));
    assertThat(client.executionsOf(taskId, 10, 0).totalCount()).isEqualTo(1);
    assertThat(client.findTaskByName("hello").map(Task::taskId)).contains(taskId);
    assertThat(client.listTasks(TaskFilter.all()).tasks()).hasSize(1);
  }

  @Test
  void aGuestFailureIsAnAnswerAndARefusalIsAnExceptionWithItsCode() throws Exception {
    String taskId =
        client.registerTask(spec("exit", upload("exit_code.c.wasm"), List.of("7"))).taskId();

    InvocationAnswer failed = client.invoke(InvocationRequest.of(taskId, new byte[0]), WAIT);

    assertThat(failed.ok()).isFalse();
    assertThat(failed.body().exitCode()).isEqualTo(7);
    assertThat(failed.body().error()).isEqualTo("EXECUTION_FAILED");
    assertThatThrownBy(() -> client.task("00000000-0000-0000-0000-000000000000"))
        .isInstanceOfSatisfying(
            ApiCallException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).contains(ErrorCode.TASK_NOT_FOUND);
            });
    assertThat(client.findTask("00000000-0000-0000-0000-000000000000")).isEmpty();
  }

  @Test
  void streamingInvocationSendsStdinAndReadsStdout() throws Exception {
    String taskId =
        client.registerTask(spec("upper", upload("echo_upper.c.wasm"), List.of())).taskId();
    byte[] input = "streamed input\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

    try (StreamedInvocation run =
        client.invokeStreaming(taskId, new ByteArrayInputStream(input), Optional.empty(), WAIT)) {
      assertThat(run.status()).isEqualTo(ExecutionState.COMPLETED);
      assertThat(run.exitCode()).contains(0);
      assertThat(new String(run.output().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("STREAMED INPUT\n".repeat(1000));
    }
  }

  @Test
  void anUpdatedTaskKeepsItsIdAndEveryUpdateRunsAtOnceEvenWithinOneSecond() throws Exception {
    FileUploaded hello = upload("hello.c.wasm");
    FileUploaded upper = upload("echo_upper.c.wasm");
    String taskId = client.registerTask(spec("f", hello, List.of("one"))).taskId();
    byte[] input = "abc".getBytes(StandardCharsets.UTF_8);
    assertThat(output(taskId, input)).contains("argv[1]=one");

    Task updated = client.updateTask(taskId, spec("f", upper, List.of()));
    assertThat(updated.taskId()).isEqualTo(taskId);
    assertThat(output(taskId, input)).isEqualTo("ABC");

    client.updateTask(taskId, spec("f", hello, List.of("two")));
    assertThat(output(taskId, input)).contains("argv[1]=two");
    assertThat(client.listTasks(TaskFilter.all()).totalCount()).isEqualTo(1);
  }

  private String output(String taskId, byte[] input) {
    InvocationAnswer answer = client.invoke(InvocationRequest.of(taskId, input), WAIT);
    assertThat(answer.ok()).as(answer.body().message()).isTrue();
    return new String(answer.body().output(), StandardCharsets.UTF_8);
  }

  private FileUploaded upload(String fixture) throws Exception {
    Path module = dir.resolve(fixture);
    Files.write(module, Corpus.bytes(fixture));
    return client.uploadFile(module, fixture, Optional.empty());
  }

  private static TaskSpec spec(String name, FileUploaded file, List<String> args) {
    return TaskSpec.wasm(
        name, new Executable(ExecutableType.WASM, file.uri(), name + ".wasm", "", args, Map.of()));
  }
}
