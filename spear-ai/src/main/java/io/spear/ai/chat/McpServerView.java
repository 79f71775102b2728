package io.spear.ai.chat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the host calls need to know of a registered MCP server.
 *
 * @param serverId the id tools are namespaced with
 * @param allowedTools glob patterns ({@code *}) of the tools the server may offer; empty offers
 *     none
 * @param toolTimeout how long one {@code tools/list} or {@code tools/call} may take
 * @param maxToolOutputBytes the cap of one tool result
 */
public record McpServerView(
    String serverId, List<String> allowedTools, Duration toolTimeout, long maxToolOutputBytes) {

  /** Checks required values and copies the list. */
  public McpServerView {
    Objects.requireNonNull(serverId, "serverId");
    allowedTools = List.copyOf(allowedTools);
    Objects.requireNonNull(toolTimeout, "toolTimeout");
  }
}
