package io.spear.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.runtime.ExecutionContext;
import io.spear.runtime.ExecutionOutcome;
import io.spear.runtime.wasm.host.cchat.SortedJson;
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
}
