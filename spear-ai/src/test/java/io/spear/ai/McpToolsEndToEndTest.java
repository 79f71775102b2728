package io.spear.ai;

import static io.spear.ai.ChatGuests.keyValues;
import static io.spear.ai.ChatGuests.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.json.SortedJson;
import io.spear.ai.mcp.McpRegistry;
import io.spear.ai.mcp.McpSessions;
import io.spear.model.mcp.McpServerSpec;
import io.spear.runtime.ExecutionOutcome;
import io.spear.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP tools for chat guests against the real {@code @modelcontextprotocol/server-filesystem} over
 * stdio (installed by {@code .ci/install-npm-tools}), with the task and session gates.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpToolsEndToEndTest {

  static final Path SERVER =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "SPEAR_NPM_CACHE", System.getProperty("user.home") + "/.cache/spear-npm"),
          "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

  static final String READ = "mcp__ZnM__cmVhZF90ZXh0X2ZpbGU"; // fs / read_text_file
  static final Map<String, String> TASK_ENABLES_FS =
      Map.of("mcp.enabled", "true", "mcp.default_server_ids", "[\"fs\"]");

  @TempDir Path root;
  private ScriptedLlmServer llm;
  private ChatGuests guests;
  private final List<String> allowed = new ArrayList<>(List.of("read_*", "list_*"));

  @BeforeEach
  void start() throws Exception {
    ExternalTools.require(Files.isRegularFile(SERVER), "@modelcontextprotocol/server-filesystem");
    Files.writeString(root.resolve("notes.txt"), "line one\nline two\nMCP_FILE_CONTENT\n");
    llm = new ScriptedLlmServer();
    McpRegistry registry =
        id ->
            id.equals("fs")
                ? Optional.of(
                    new McpServerSpec(
                        "fs",
                        "files",
                        "stdio",
                        new McpServerSpec.Stdio(
                            "node", List.of(SERVER.toString(), root.toString()), Map.of(), ""),
                        null,
                        null,
                        List.copyOf(allowed),
                        new McpServerSpec.Budgets(30_000L, 2, null),
                        null))
                : Optional.empty();
    guests =
        new ChatGuests(
            ChatGuests.parse(
                "backends: [{name: scripted, kind: openai_chat_completion, base_url: '"
                    + llm.baseUrl()
                    + "', features: [supports_tools]}]"),
            Map.of(),
            metrics ->
                new McpSessions(
                    registry,
                    io.spear.ai.mcp.McpProcessPolicy.allowing("node"),
                    Map.of(),
                    metrics));
  }

  @AfterEach
  void stop() {
    if (guests != null) {
      guests.close();
    }
    if (llm != null) {
      llm.close();
    }
  }

  @Test
  void modelReadsAFileThroughTheFilesystemServerAndSessionIsReused() {
    String path = root.resolve("notes.txt").toString();
    llm.then(200, ScriptedLlmServer.toolCall("call_fs", READ, "{\"path\":\"" + path + "\"}"))
        .thenText("first lines read. MCP_OK")
        .then(200, ScriptedLlmServer.toolCall("call_fs2", READ, "{\"path\":\"" + path + "\"}"))
        .thenText("again. MCP_OK");

    ExecutionOutcome outcome =
        guests.probeTask(
            TASK_ENABLES_FS,
            "tools",
            "Read notes.txt",
            param("model", "m"),
            param("mcp.tool_allowlist", List.of("read_*")));
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);

    JsonNode firstTools = llm.requests().get(0).body().get("tools");
    List<String> names = new ArrayList<>();
    firstTools.forEach(t -> names.add(t.at("/function/name").asText()));
    // the guest's own tools plus the allowed fs tools, namespaced; list_* is cut by the session
    assertThat(names).contains("sum", READ).allMatch(n -> !n.startsWith("mcp__ZnM__bGlzd"));
    JsonNode toolMessage = llm.requests().get(1).body().get("messages").get(2);
    assertThat(toolMessage.get("tool_call_id").asText()).isEqualTo("call_fs");
    JsonNode result = SortedJson.parse(toolMessage.get("content").asText()).orElseThrow();
    assertThat(result.at("/content/0/text").asText()).contains("MCP_FILE_CONTENT");
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(keyValues(outcome.output().stdoutText()).get("response")).contains("MCP_OK");
    // The call shows in the execution log (server and tool only; the file's text stays out).
    assertThat(outcome.output().logText())
        .containsPattern("mcp tools/call server=fs tool=read_\\w+ ok \\d+ms")
        .doesNotContain("MCP_FILE_CONTENT");

    // a second execution reuses the node's session: one server process for both
    guests.probeTask(TASK_ENABLES_FS, "tools", "again", param("model", "m"));
    assertThat(guests.metrics.counter("spear.mcp.sessions.started", "server", "fs").count())
        .isEqualTo(1.0);
    assertThat(guests.metrics.counter("spear.mcp.calls", "server", "fs", "outcome", "ok").count())
        .isGreaterThanOrEqualTo(4.0);
  }

  @Test
  void toolsOutsideThePoliciesAreNeitherOfferedNorCallable() {
    llm.then(200, ScriptedLlmServer.toolCall("c1", "mcp__ZnM__d3JpdGVfZmlsZQ", "{}")) // write_file
        .thenText("done");
    ExecutionOutcome outcome =
        guests.probeTask(
            Map.of(
                "mcp.enabled", "true",
                "mcp.default_server_ids", "fs",
                "mcp.tool_denylist", "[\"list_*\"]"),
            "tools",
            "write something",
            param("model", "m"));
    JsonNode tools = llm.requests().get(0).body().get("tools");
    List<String> names = new ArrayList<>();
    tools.forEach(t -> names.add(t.at("/function/name").asText()));
    assertThat(names).contains(READ).noneMatch(n -> n.equals("mcp__ZnM__d3JpdGVfZmlsZQ"));
    assertThat(names).noneMatch(n -> n.startsWith("mcp__ZnM__bGlzd"));
    String content = llm.requests().get(1).body().get("messages").get(2).get("content").asText();
    assertThat(content)
        .isEqualTo(
            "{\"error\":{\"code\":\"mcp_tool_failed\",\"message\":\"mcp tool denied by server"
                + " policy\"}}");
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
  }

  @Test
  void taskGatesDecideWhetherGuestsMayEnableMcp() {
    llm.thenText("no tools");
    // the task allows fs but does not start sessions with it: the guest opts in
    ExecutionOutcome optIn =
        guests.probeTask(
            Map.of("mcp.enabled", "true", "mcp.allowed_server_ids", "fs"),
            "tools",
            "hi",
            param("model", "m"),
            param("mcp.enabled", true),
            param("mcp.server_ids", List.of("fs")));
    assertThat(optIn.output().stdoutText()).doesNotContain("param=-");
    assertThat(llm.requests().getLast().body().toString()).contains(READ);

    ExecutionOutcome forbidden =
        guests.probeTask(
            Map.of("mcp.enabled", "true", "mcp.allowed_server_ids", "other"),
            "tools",
            "hi",
            param("model", "m"),
            param("mcp.server_ids", List.of("fs")));
    assertThat(forbidden.output().stdoutText()).contains("param=-13");

    ExecutionOutcome disabled =
        guests.probeTask(Map.of(), "tools", "hi", param("model", "m"), param("mcp.enabled", true));
    assertThat(disabled.output().stdoutText()).contains("param=-13");
    assertThat(llm.requests().getLast().body().toString()).doesNotContain("mcp__");
  }
}
