package io.spear.runtime.host;

import java.util.Objects;

/**
 * The outside services host calls use.
 *
 * @param chat answers {@code cchat_send}
 * @param mcp lists and calls MCP tools for chat sessions that enable MCP
 */
public record HostServices(ChatRouter chat, McpToolCaller mcp) {

  /** No backends and no MCP servers. */
  public static final HostServices NONE = new HostServices(ChatRouter.none(), McpToolCaller.none());

  /** Checks required values. */
  public HostServices {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(mcp, "mcp");
  }
}
