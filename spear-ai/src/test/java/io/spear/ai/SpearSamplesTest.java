package io.spear.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEAR's own sample guests, unmodified, against a scripted OpenAI-compatible server. The binaries
 * are SPEAR's and never part of this repository: put {@code samples/build/*.wasm} of lfedgeai/SPEAR
 * in {@code $SPEAR_SAMPLES_DIR} (default {@code /tmp/spear-samples}); without them these tests are
 * skipped.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpearSamplesTest {

  private ScriptedLlmServer llm;
  private ChatGuests guests;

  @BeforeEach
  void start() throws IOException {
    llm = new ScriptedLlmServer();
    guests =
        new ChatGuests(
            """
            backends:
              - name: scripted-openai
                kind: openai_chat_completion
                base_url: %s
                ops: [chat_completions]
                features: [supports_tools]
            """
                .formatted(llm.baseUrl()),
            Map.of());
  }

  @AfterEach
  void stop() {
    guests.close();
    llm.close();
  }

  private static byte[] sample(String name) throws IOException {
    String dir = System.getenv().getOrDefault("SPEAR_SAMPLES_DIR", "/tmp/spear-samples");
    Path file = Path.of(dir, name);
    Assumptions.assumeTrue(Files.isRegularFile(file), "SPEAR sample " + file + " not present");
    return Files.readAllBytes(file);
  }

  private ExecutionOutcome run(String name) throws IOException {
    return guests.runtime.execute(
        guests.instance(name, sample(name), Map.of()), ExecutionContext.builder().build());
  }

  @Test
  void chatCompletionLogsTheResponseWithSpearFieldAndTheBackend() throws IOException {
    llm.thenText("My name is Scripted.");
    ExecutionOutcome outcome = run("chat_completion.wasm");

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    List<ScriptedLlmServer.Recorded> requests = llm.requests();
    assertThat(requests).hasSize(1);
    assertThat(requests.getFirst().path()).isEqualTo("/v1/chat/completions");
    assertThat(SortedJson.string(requests.getFirst().body()))
        .isEqualTo(
            "{\"messages\":[{\"content\":\"Hi, what is your name?\",\"role\":\"user\"}],"
                + "\"model\":\"gpt-4o-mini\"}");
    String log = outcome.output().logText();
    assertThat(log)
        .contains("debug_model=gpt-4o-mini")
        .contains("response_json=")
        .contains("\"_spear\":{\"backend\":\"scripted-openai\",\"model\":\"gpt-4o-mini\"}")
        .contains("My name is Scripted.")
        .contains("debug_backend=scripted-openai");
  }

  @Test
  void mcpFsReadsAFileThroughTheFilesystemServer(@org.junit.jupiter.api.io.TempDir Path root)
      throws IOException {
    byte[] module = sample("mcp_fs.wasm");
    io.spear.testing.ExternalTools.require(
        Files.isRegularFile(McpToolsEndToEndTest.SERVER),
        "@modelcontextprotocol/server-filesystem");
    Files.writeString(
        root.resolve("Cargo.toml"), "[package]\nname = \"spear\"\nversion = \"0.1.0\"\n");
    guests.close();
    io.spear.model.mcp.McpServerSpec fs =
        new io.spear.model.mcp.McpServerSpec(
            "fs",
            null,
            "stdio",
            new io.spear.model.mcp.McpServerSpec.Stdio(
                "node",
                List.of(McpToolsEndToEndTest.SERVER.toString(), "./"),
                Map.of(),
                root.toString()),
            null,
            null,
            List.of("read_*", "list_*", "stat_*", "search_*"),
            new io.spear.model.mcp.McpServerSpec.Budgets(30_000L, null, null),
            null);
    guests =
        new ChatGuests(
            ChatGuests.parse(
                "backends: [{name: scripted-openai, kind: openai_chat_completion, base_url: '"
                    + llm.baseUrl()
                    + "', features: [supports_tools]}]"),
            Map.of(),
            metrics ->
                new io.spear.ai.mcp.McpSessions(
                    id -> id.equals("fs") ? java.util.Optional.of(fs) : java.util.Optional.empty(),
                    io.spear.ai.mcp.McpProcessPolicy.allowing("node"),
                    Map.of(),
                    metrics));
    llm.then(
            200,
            ScriptedLlmServer.toolCall(
                "call_1", "mcp__ZnM__cmVhZF9maWxl", "{\"path\":\"Cargo.toml\"}"))
        .thenText("[package]\nname = \"spear\"\nMCP_OK");
    ExecutionOutcome outcome =
        guests.runtime.execute(
            guests.instance(
                "mcp_fs.wasm",
                module,
                Map.of("mcp.enabled", "true", "mcp.default_server_ids", "[\"fs\"]")),
            ExecutionContext.builder().build());

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    JsonNode tools = llm.requests().get(0).body().get("tools");
    assertThat(tools.toString()).contains("mcp__ZnM__cmVhZF9maWxl");
    String toolResult = llm.requests().get(1).body().get("messages").get(2).get("content").asText();
    assertThat(toolResult).contains("name = \\\"spear\\\"");
    assertThat(outcome.output().logText()).contains("response_json=").contains("MCP_OK");
  }

  @Test
  void chatCompletionToolSumCallsTheGuestsSumAndSendsItsResult() throws IOException {
    llm.then(200, ScriptedLlmServer.toolCall("call_1", "sum", "{\"a\":7,\"b\":35}"))
        .thenText("7 + 35 = 42");
    ExecutionOutcome outcome = run("chat_completion_tool_sum.wasm");

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    String log = outcome.output().logText();
    assertThat(log)
        .contains("tool_fn_offset=2")
        .contains("cchat_write_fn_rc=0")
        .contains("sum invoked: a=7 b=35 sum=42 cap=65536")
        .contains("7 + 35 = 42");
    List<ScriptedLlmServer.Recorded> requests = llm.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body().get("tools").get(0).at("/function/name").asText())
        .isEqualTo("sum");
    JsonNode toolMessage = requests.get(1).body().get("messages").get(2);
    assertThat(SortedJson.string(toolMessage))
        .isEqualTo(
            "{\"content\":\"{\\\"sum\\\":42}\",\"role\":\"tool\",\"tool_call_id\":\"call_1\"}");
  }

  @Test
  void micRtasrStreamsTheDeviceFileToTheRealtimeServerAndPrintsItsTranscript(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    byte[] module = sample("mic_rtasr.wasm");
    // One second of a 440 Hz tone at 16 kHz stereo: the host converts it to 24 kHz mono.
    Path wav = dir.resolve("speech.wav");
    Files.write(wav, MicWav.tone(16_000, 2, 1000));
    try (ScriptedRealtimeServer realtime = new ScriptedRealtimeServer();
        ChatGuests asr =
            new ChatGuests(
                """
                backends:
                  - name: openai-realtime-asr
                    kind: openai_realtime_ws
                    base_url: %s
                """
                    .formatted(realtime.baseUrl()),
                Map.of());
        io.spear.runtime.wasm.WasmRuntime runtime =
            new io.spear.runtime.wasm.WasmRuntime(
                io.spear.runtime.RuntimeConfig.of(ChatGuests.NODE)
                    .withFamilies(
                        ChatGuests.families(
                            asr.ai,
                            asr.ai
                                .media()
                                .withMic(io.spear.streams.media.MicDevice.ofFile(wav)))))) {
      // The transcript, then an event the sample logs: once that is logged the transcript was read.
      realtime.on(
          "input_audio_buffer.append",
          false,
          "{\"type\":\"conversation.item.input_audio_transcription.delta\",\"delta\":\"hello"
              + " from the mic\"}",
          "{\"type\":\"probe.marker\"}");
      java.util.concurrent.CopyOnWriteArrayList<String> lines =
          new java.util.concurrent.CopyOnWriteArrayList<>();
      io.spear.runtime.TaskInstance instance =
          runtime.createInstance(
              io.spear.runtime.InstanceConfig.builder(
                      "task-mic-rtasr",
                      new io.spear.model.task.Executable(
                          io.spear.model.task.ExecutableType.WASM,
                          "",
                          "mic_rtasr.wasm",
                          "",
                          List.of(),
                          Map.of()))
                  .withModuleBytes(module)
                  .build());
      runtime.startInstance(instance);
      java.util.concurrent.CompletableFuture<ExecutionOutcome> run =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  runtime.execute(
                      instance, ExecutionContext.builder().withLogListener(lines::add).build()),
              r -> Thread.ofVirtual().start(r));

      io.spear.testing.Eventually.eventually(
          () -> assertThat(lines).anyMatch(l -> l.contains("event_type=probe.marker")));
      realtime.closeSessions();
      ExecutionOutcome outcome = run.get(30, TimeUnit.SECONDS);

      assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
      assertThat(outcome.output().stdoutText()).contains("hello from the mic\n");
      assertThat(outcome.output().logText())
          .contains("mic_rtasr started")
          .contains("event_type=probe.marker")
          .contains("rtasr hup")
          .doesNotContain("warning: rtasr appears to be using stub transport");
      JsonNode update = realtime.received().getFirst();
      assertThat(update.path("type").asText()).isEqualTo("session.update");
      assertThat(update.at("/session/input_audio_transcription/model").asText())
          .isEqualTo("gpt-4o-mini-transcribe");
      assertThat(update.at("/session/turn_detection/silence_duration_ms").asInt()).isEqualTo(600);
      byte[] frame =
          java.util.Base64.getDecoder()
              .decode(
                  realtime.received("input_audio_buffer.append").getFirst().path("audio").asText());
      // 20 ms at 24 kHz mono: 480 samples of 2 bytes, as SPEAR's frame size formula gives.
      assertThat(frame).hasSize(960);
    }
  }
}
