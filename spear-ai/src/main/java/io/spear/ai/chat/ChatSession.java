package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one {@code cchat_create} descriptor: messages, tools, parameters, MCP settings. */
final class ChatSession {

  /** A tool the guest registered: its function table index and its definition as written. */
  record GuestTool(int fnOffset, String json) {}

  /** What one request is built from; later writes to the session do not change it. */
  record Snapshot(
      List<ObjectNode> messages,
      List<GuestTool> tools,
      Map<String, JsonNode> params,
      McpSessionSettings mcp) {}

  final List<ObjectNode> messages = new ArrayList<>();
  final List<GuestTool> tools = new ArrayList<>();
  final Map<String, JsonNode> params = new LinkedHashMap<>();
  final McpSessionSettings mcp = new McpSessionSettings();

  synchronized void append(ObjectNode message) {
    messages.add(message);
  }

  synchronized void addTool(GuestTool tool) {
    tools.add(tool);
  }

  synchronized Snapshot snapshot() {
    List<ObjectNode> copies = new ArrayList<>();
    messages.forEach(m -> copies.add(m.deepCopy()));
    Map<String, JsonNode> paramCopies = new LinkedHashMap<>();
    params.forEach((k, v) -> paramCopies.put(k, v.deepCopy()));
    return new Snapshot(List.copyOf(copies), List.copyOf(tools), paramCopies, mcp.copy());
  }
}
