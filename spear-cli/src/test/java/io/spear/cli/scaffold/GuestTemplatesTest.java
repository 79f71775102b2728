package io.spear.cli.scaffold;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.cli.CliRun;
import io.spear.client.InvocationAnswer;
import io.spear.client.SmsClient;
import io.spear.model.api.InvocationRequest;
import io.spear.model.execution.ExecutionState;
import io.spear.model.task.Task;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.streams.SsfFrame;
import io.spear.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spear new}: each template (C, Rust, AssemblyScript) is scaffolded, built with its own
 * build.sh, deployed with its own spear.toml to a platform started here, and run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GuestTemplatesTest {

  @TempDir Path dir;
  private ScriptedChatServer llm;
  private SmsServer sms;
  private SpearletServer spearlet;
  private SmsClient client;

  @BeforeEach
  void start() throws Exception {
    llm = new ScriptedChatServer();
    sms =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dir.resolve("data")));
    AiConfig ai =
        AiConfig.of(
            new YAMLMapper()
                .readTree(
                    "backends: [{name: scripted, kind: openai_chat_completion, base_url: %s,"
                            .formatted(llm.baseUrl())
                        + " features: [supports_tools]}]"),
            Map.of());
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .bindHost("127.0.0.1")
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    spearlet = SpearletServer.builder(RuntimeConfig.of(node)).ai(ai).start();
    client = new SmsClient("http://127.0.0.1:" + sms.port());
    eventually(() -> assertThat(client.listNodes().nodes()).hasSize(1));
  }

  @AfterEach
  void stop() {
    if (spearlet != null) {
      spearlet.close();
    }
    if (sms != null) {
      sms.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  private static CliRun spear(String... args) {
    return CliRun.of(args);
  }

  /** Scaffolds, builds and deploys a project; answers its task. */
  private Task newBuiltAndDeployed(String name, String template) throws Exception {
    Path project = dir.resolve(name);
    CliRun created = spear("new", name, "--template", template, "--dir", project.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out())
        .contains(
            switch (GuestTemplate.of(template).language()) {
              case C -> "spear.h main.c build.sh spear.toml";
              case RUST -> "Cargo.toml src/main.rs build.sh spear.toml";
              case ASSEMBLYSCRIPT -> "package.json main.ts build.sh spear.toml";
            });

    Clang.Result build = Clang.run(project, List.of("sh", "build.sh"));
    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(project.resolve("build/" + name + ".wasm")).isRegularFile();

    CliRun deployed =
        spear(
            "deploy",
            "-f",
            project.resolve("spear.toml").toString(),
            "--sms",
            "http://127.0.0.1:" + sms.port());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("registered " + name);
    return client.findTaskByName(name).orElseThrow();
  }

  private InvocationAnswer invoke(Task task, String input) {
    return client.invoke(
        InvocationRequest.of(task.taskId(), input.getBytes(StandardCharsets.UTF_8)),
        Duration.ofSeconds(60));
  }

  private static String output(InvocationAnswer answer) {
    return new String(answer.body().output(), StandardCharsets.UTF_8);
  }

  /** The hello template of any language prints its greeting and logs a line. */
  private void helloPrintsItsGreetingAndLogsALine(String template) throws Exception {
    Task task = newBuiltAndDeployed("hello-app", template);

    InvocationAnswer answer = invoke(task, "");

    assertThat(answer.ok()).as(answer.toString()).isTrue();
    assertThat(output(answer)).isEqualTo("hello, spear\n");
    assertThat(answer.body().log()).contains("greeted spear at");
  }

  /** The chat template of any language asks the model, which calls the guest's add tool. */
  private void chatAsksTheModelWhichCallsTheGuestsTool(String template) throws Exception {
    Task task = newBuiltAndDeployed("chat-app", template);

    InvocationAnswer answer = invoke(task, "What is 2 + 3?");

    assertThat(answer.ok()).as(answer.toString()).isTrue();
    assertThat(output(answer)).isEqualTo("2 + 3 = 5\n");
    assertThat(answer.body().log()).contains("add(2, 3) = 5");
    assertThat(llm.requests).hasSize(2);
    assertThat(llm.requests.get(0))
        .contains("\"model\":\"gpt-4o-mini\"", "What is 2 + 3?", "\"name\":\"add\"");
  }

  @Test
  void cHelloPrintsItsGreetingAndLogsALine() throws Exception {
    Clang.require(dir);
    helloPrintsItsGreetingAndLogsALine("c-hello");
  }

  @Test
  void cChatAsksTheModelWhichCallsTheGuestsToolAndPrintsTheAnswer() throws Exception {
    Clang.require(dir);
    chatAsksTheModelWhichCallsTheGuestsTool("c-chat");
  }

  @Test
  void rustHelloBuiltWithCargoPrintsItsGreetingAndLogsALine() throws Exception {
    GuestToolchains.requireRust(dir);
    helloPrintsItsGreetingAndLogsALine("rust-hello");
  }

  @Test
  void rustChatRegistersARustFunctionAsTheToolTheModelCalls() throws Exception {
    GuestToolchains.requireRust(dir);
    chatAsksTheModelWhichCallsTheGuestsTool("rust-chat");
  }

  @Test
  void assemblyScriptHelloBuiltWithAscPrintsItsGreetingAndLogsALine() throws Exception {
    GuestToolchains.requireAssemblyScript();
    helloPrintsItsGreetingAndLogsALine("as-hello");
  }

  @Test
  void assemblyScriptChatRegistersAnAssemblyScriptFunctionAsTheToolTheModelCalls()
      throws Exception {
    GuestToolchains.requireAssemblyScript();
    chatAsksTheModelWhichCallsTheGuestsTool("as-chat");
  }

  /** The stream template of any language echoes its clients' frames and ends with the session. */
  private void streamEchoesFramesOfClientsAndEndsWithTheSession(String template) throws Exception {
    Task task = newBuiltAndDeployed("echo-app", template);
    String gateway = "ws://127.0.0.1:%d/e/echo-app/ws".formatted(sms.port());

    try (WsTestClient ws = WsTestClient.connect(gateway, "ssf.v1")) {
      byte[] first = SsfFrame.build(1, SsfFrame.TYPE_DATA, 1, "{\"k\":1}", "hello");
      ws.send(first);
      assertThat(ws.next()).isEqualTo(first);
      byte[] second = SsfFrame.build(1, SsfFrame.TYPE_DATA, 2, "", "again");
      ws.send(second);
      assertThat(ws.next()).isEqualTo(second);
    }

    eventually(
        () -> {
          var executions = client.executionsOf(task.taskId(), 10, 0).executions();
          assertThat(executions).hasSize(1);
          assertThat(executions.get(0).status()).isEqualTo(ExecutionState.COMPLETED);
        });
  }

  @Test
  void cStreamEchoesFramesOfClientsOfItsEndpointAndEndsWithTheSession() throws Exception {
    Clang.require(dir);
    streamEchoesFramesOfClientsAndEndsWithTheSession("c-stream");
  }

  @Test
  void rustStreamEchoesFramesThroughTheSdksStreamsFramesAndEpoll() throws Exception {
    GuestToolchains.requireRust(dir);
    streamEchoesFramesOfClientsAndEndsWithTheSession("rust-stream");
  }

  @Test
  void assemblyScriptStreamEchoesFramesThroughTheSdksStreamsFramesAndEpoll() throws Exception {
    GuestToolchains.requireAssemblyScript();
    streamEchoesFramesOfClientsAndEndsWithTheSession("as-stream");
  }
}
