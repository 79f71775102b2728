package io.spear.cli.scaffold;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spear.ai.AiConfig;
import io.spear.cli.CliRun;
import io.spear.client.SmsClient;
import io.spear.runtime.RuntimeConfig;
import io.spear.runtime.config.SpearletConfig;
import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import io.spear.spearlet.SpearletServer;
import io.spear.streams.SsfFrame;
import io.spear.testing.WsTestClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent templates ({@code c-agent}, {@code rust-agent}, {@code as-agent}): each is scaffolded,
 * built with its own build.sh, deployed with its own spear.toml, and talked to over its endpoint's
 * WebSocket, one SSF frame per user message, with a scripted model that calls the agent's tool.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentTemplateTest {

  @TempDir Path dir;
  private AgentChatServer llm;
  private SmsServer sms;
  private SpearletServer spearlet;

  /** Starts SMS and a node; the node's LLM backend is the scripted server, or none. */
  private void startPlatform(boolean withBackend) throws Exception {
    llm = new AgentChatServer();
    sms =
        SmsServer.start(
            SmsConfig.defaults()
                .withHost("127.0.0.1")
                .withPort(0)
                .withDataDir(dir.resolve("data")));
    AiConfig ai =
        withBackend
            ? AiConfig.of(
                new YAMLMapper()
                    .readTree(
                        "backends: [{name: scripted, kind: openai_chat_completion, base_url: %s,"
                                .formatted(llm.baseUrl())
                            + " features: [supports_tools]}]"),
                Map.of())
            : AiConfig.NONE;
    SpearletConfig node =
        SpearletConfig.defaults().toBuilder()
            .smsHttpAddr(sms.httpAddr())
            .bindHost("127.0.0.1")
            .httpPort(0)
            .heartbeatInterval(Duration.ofMillis(200))
            .build();
    spearlet = SpearletServer.builder(RuntimeConfig.of(node)).ai(ai).start();
    SmsClient client = new SmsClient("http://127.0.0.1:" + sms.port());
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

  /** Scaffolds, builds and deploys an agent; answers its endpoint's WebSocket URL. */
  private String newBuiltAndDeployedAgent(String template) throws Exception {
    Path project = dir.resolve("agent");
    CliRun created = CliRun.of("new", "agent", "--template", template, "--dir", project.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();

    Clang.Result build = Clang.run(project, List.of("sh", "build.sh"));
    assertThat(build.exitCode()).as(build.output()).isZero();

    CliRun deployed =
        CliRun.of(
            "deploy",
            "-f",
            project.resolve("spear.toml").toString(),
            "--sms",
            "http://127.0.0.1:" + sms.port());
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    return "ws://127.0.0.1:%d/e/agent/ws".formatted(sms.port());
  }

  /** Sends one user message as an SSF data frame and answers the text of the frame that returns. */
  private static String say(WsTestClient ws, long seq, String text) throws InterruptedException {
    ws.send(SsfFrame.build(1, SsfFrame.TYPE_DATA, seq, "{}", text));
    byte[] frame = ws.next();
    SsfFrame.Header header = SsfFrame.parse(frame).orElseThrow();
    assertThat(header.msgType()).isEqualTo(SsfFrame.TYPE_DATA);
    assertThat(header.seq()).isEqualTo(seq);
    ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
    int metaLen = b.getInt(24);
    int dataLen = b.getInt(28);
    return new String(frame, SsfFrame.HEADER_BYTES + metaLen, dataLen, StandardCharsets.UTF_8);
  }

  /** Two turns: each answer shows the tool's sum, and the second turn saw the first. */
  private void agentAnswersTwoTurnsWithItsToolAndRemembersTheFirst(String template)
      throws Exception {
    startPlatform(true);
    String endpoint = newBuiltAndDeployedAgent(template);

    try (WsTestClient ws = WsTestClient.connect(endpoint, "ssf.v1")) {
      assertThat(say(ws, 1, "What is 2 + 3?")).isEqualTo("2 + 3 = 5");
      assertThat(say(ws, 2, "And that plus 10?")).isEqualTo("5 + 10 = 15");
    }

    // Turn 1: ask, then the tool's result; turn 2 starts with all of turn 1 before its question.
    assertThat(llm.roles).hasSize(4);
    assertThat(llm.roles.get(2))
        .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
  }

  /** Without an LLM backend on the node, every answer is one line that says what to add. */
  private void agentWithoutAnLlmBackendAnswersWithAOneLineError(String template) throws Exception {
    startPlatform(false);
    String endpoint = newBuiltAndDeployedAgent(template);

    try (WsTestClient ws = WsTestClient.connect(endpoint, "ssf.v1")) {
      assertThat(say(ws, 1, "What is 2 + 3?"))
          .startsWith("error: the model did not answer: ")
          .contains("no llm: backend")
          .doesNotContain("\n");
      assertThat(say(ws, 2, "Still there?")).startsWith("error: the model did not answer: ");
    }
    assertThat(llm.roles).isEmpty();
  }

  @Test
  void cAgentAnswersEachMessageWithItsToolAndRemembersTheConversation() throws Exception {
    Clang.require(dir);
    agentAnswersTwoTurnsWithItsToolAndRemembersTheFirst("c-agent");
  }

  @Test
  void rustAgentAnswersEachMessageWithItsToolAndRemembersTheConversation() throws Exception {
    GuestToolchains.requireRust(dir);
    agentAnswersTwoTurnsWithItsToolAndRemembersTheFirst("rust-agent");
  }

  @Test
  void assemblyScriptAgentAnswersEachMessageWithItsToolAndRemembersTheConversation()
      throws Exception {
    GuestToolchains.requireAssemblyScript();
    agentAnswersTwoTurnsWithItsToolAndRemembersTheFirst("as-agent");
  }

  @Test
  void cAgentWithoutAnLlmBackendAnswersWithAOneLineError() throws Exception {
    Clang.require(dir);
    agentWithoutAnLlmBackendAnswersWithAOneLineError("c-agent");
  }

  @Test
  void rustAgentWithoutAnLlmBackendAnswersWithAOneLineError() throws Exception {
    GuestToolchains.requireRust(dir);
    agentWithoutAnLlmBackendAnswersWithAOneLineError("rust-agent");
  }

  @Test
  void assemblyScriptAgentWithoutAnLlmBackendAnswersWithAOneLineError() throws Exception {
    GuestToolchains.requireAssemblyScript();
    agentWithoutAnLlmBackendAnswersWithAOneLineError("as-agent");
  }
}
