package io.spear.runtime.host;

import io.spear.runtime.stream.StreamLimits;
import io.spear.runtime.stream.UserStreamBroker;
import java.util.Objects;

/**
 * The outside services host calls use.
 *
 * @param chat answers {@code cchat_send}
 * @param mcp lists and calls MCP tools for chat sessions that enable MCP
 * @param userStreams the node's user-stream hubs, shared with its WebSocket data plane
 */
public record HostServices(ChatRouter chat, McpToolCaller mcp, UserStreamBroker userStreams) {

  /** No backends and no MCP servers. */
  public static final HostServices NONE = new HostServices(ChatRouter.none(), McpToolCaller.none());

  /** Checks required values. */
  public HostServices {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(mcp, "mcp");
    Objects.requireNonNull(userStreams, "userStreams");
  }

  /** Chat services with a user-stream broker of its own, with the default limits. */
  public HostServices(ChatRouter chat, McpToolCaller mcp) {
    this(chat, mcp, new UserStreamBroker(StreamLimits.DEFAULTS));
  }

  /** A copy with another user-stream broker. */
  public HostServices withUserStreams(UserStreamBroker value) {
    return new HostServices(chat, mcp, value);
  }
}
