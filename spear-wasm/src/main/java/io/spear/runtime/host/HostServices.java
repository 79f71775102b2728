package io.spear.runtime.host;

import io.spear.runtime.media.MediaServices;
import io.spear.runtime.stream.StreamLimits;
import io.spear.runtime.stream.UserStreamBroker;
import java.util.Objects;

/**
 * The outside services host calls use.
 *
 * @param chat answers {@code cchat_send}
 * @param mcp lists and calls MCP tools for chat sessions that enable MCP
 * @param userStreams the node's user-stream hubs, shared with its WebSocket data plane
 * @param media speech recognition backends and the microphone of {@code rtasr_*} and {@code mic_*}
 */
public record HostServices(
    ChatRouter chat, McpToolCaller mcp, UserStreamBroker userStreams, MediaServices media) {

  /** No backends and no MCP servers. */
  public static final HostServices NONE = new HostServices(ChatRouter.none(), McpToolCaller.none());

  /** Checks required values. */
  public HostServices {
    Objects.requireNonNull(chat, "chat");
    Objects.requireNonNull(mcp, "mcp");
    Objects.requireNonNull(userStreams, "userStreams");
    Objects.requireNonNull(media, "media");
  }

  /** Chat and stream services without speech backends or a microphone. */
  public HostServices(ChatRouter chat, McpToolCaller mcp, UserStreamBroker userStreams) {
    this(chat, mcp, userStreams, MediaServices.none());
  }

  /** Chat services with a user-stream broker of its own, with the default limits. */
  public HostServices(ChatRouter chat, McpToolCaller mcp) {
    this(chat, mcp, new UserStreamBroker(StreamLimits.DEFAULTS));
  }

  /** A copy with another user-stream broker. */
  public HostServices withUserStreams(UserStreamBroker value) {
    return new HostServices(chat, mcp, value, media);
  }

  /** A copy with other media services. */
  public HostServices withMedia(MediaServices value) {
    return new HostServices(chat, mcp, userStreams, value);
  }
}
