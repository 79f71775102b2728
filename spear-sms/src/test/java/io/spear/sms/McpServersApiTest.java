package io.spear.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.sms.mcp.McpDirectory;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpServersApiTest {

  @TempDir Path dataDir;
  @TempDir Path mcpDir;

  private static final String FS =
      """
      {"server_id": "fs", "transport": "stdio", "allowed_tools": ["read_*", "list_*"],
       "stdio": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "./"]},
       "budgets": {"tool_timeout_ms": 30000}}
      """;

  @Test
  void registeredServerIsListedFetchedReplacedAndDeletedAndSurvivesRestart() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Answer created = sms.http.postJson("/api/v1/mcp/servers", FS);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      assertThat(created.json().get("server_id").asText()).isEqualTo("fs");

      JsonNode server = sms.http.get("/api/v1/mcp/servers/fs").json().get("server");
      assertThat(server.get("transport").asText()).isEqualTo("stdio");
      assertThat(server.at("/stdio/args/1").asText())
          .isEqualTo("@modelcontextprotocol/server-filesystem");
      assertThat(server.at("/budgets/tool_timeout_ms").asLong()).isEqualTo(30000);

      Answer replaced = sms.http.postJson("/api/v1/mcp/servers", FS.replace("list_*", "search_*"));
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.json().get("replaced").asBoolean()).isTrue();
    }
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      JsonNode servers = sms.http.get("/api/v1/mcp/servers").json().get("servers");
      assertThat(servers).hasSize(1);
      assertThat(servers.get(0).get("allowed_tools").toString())
          .isEqualTo("[\"read_*\",\"search_*\"]");
      assertThat(sms.http.delete("/api/v1/mcp/servers/fs").status()).isEqualTo(200);
      assertThat(sms.http.get("/api/v1/mcp/servers/fs").status()).isEqualTo(404);
      assertThat(sms.http.delete("/api/v1/mcp/servers/fs").status()).isEqualTo(404);
    }
  }

  @Test
  void invalidServersAreRejectedWithAClearMessage() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertRejected(sms, "{\"transport\": \"stdio\"}", "server_id is required");
      assertRejected(sms, "{\"server_id\": \"a b\", \"transport\": \"stdio\"}", "server_id");
      assertRejected(sms, "{\"server_id\": \"x\"}", "transport is required");
      assertRejected(sms, "{\"server_id\": \"x\", \"transport\": \"pipe\"}", "transport must be");
      assertRejected(sms, "{\"server_id\": \"x\", \"transport\": \"stdio\"}", "stdio.command");
      assertRejected(
          sms,
          "{\"server_id\": \"x\", \"transport\": \"streamable_http\"}",
          "http.url is required");
      assertRejected(
          sms,
          "{\"server_id\": \"x\", \"transport\": \"stdio\", \"stdio\": {\"command\": \"c\"},"
              + " \"budgets\": {\"tool_timeout_ms\": -1}}",
          "budgets.tool_timeout_ms");
      assertRejected(sms, "{\"server_id\": 5, \"allowed_tools\": 3}", "invalid MCP server");
      assertThat(sms.http.get("/api/v1/mcp/servers").json().get("servers")).isEmpty();
    }
  }

  @Test
  void serverFilesInSpearsTomlFormatAreLoadedFromADirectory() throws Exception {
    Files.writeString(
        mcpDir.resolve("fs.toml"),
        """
        server_id = "fs"
        transport = "stdio"
        allowed_tools = ["read_*", "list_*", "stat_*", "search_*"]

        [stdio]
        command = "npx"
        args = ["-y", "@modelcontextprotocol/server-filesystem", "./"]
        cwd = ""

        [budgets]
        tool_timeout_ms = 30000
        """);
    Files.writeString(mcpDir.resolve("notes.txt"), "not a server");
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertThat(McpDirectory.load(mcpDir, sms.server.mcpServers())).containsExactly("fs");
      JsonNode server = sms.http.get("/api/v1/mcp/servers/fs").json().get("server");
      assertThat(server.at("/stdio/command").asText()).isEqualTo("npx");
      assertThat(server.get("allowed_tools")).hasSize(4);

      Files.writeString(mcpDir.resolve("bad.toml"), "server_id = \"b\"\ntransport = \"carrier\"\n");
      assertThatThrownBy(() -> McpDirectory.load(mcpDir, sms.server.mcpServers()))
          .hasMessageContaining("bad.toml")
          .hasMessageContaining("transport must be stdio or streamable_http");
    }
  }

  private static void assertRejected(SmsTestServer sms, String body, String message) {
    Answer answer = sms.http.postJson("/api/v1/mcp/servers", body);
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.json().get("message").asText()).contains(message);
  }
}
