package io.spear.ai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Lists and calls the tools of the MCP servers registered for this node. */
public interface McpToolCaller {

  /** The registered server with this id, if any. */
  Optional<McpServerView> server(String serverId);

  /**
   * The server's tools, each an MCP tool object ({@code name}, {@code description}, {@code
   * inputSchema}).
   *
   * @throws McpException when the server cannot be reached or answers with an error
   * @throws InterruptedException when the execution is stopped while it waits
   */
  List<JsonNode> listTools(String serverId, Duration timeout)
      throws McpException, InterruptedException;

  /**
   * Calls a tool and returns its MCP {@code CallToolResult} object.
   *
   * @throws McpException when the call fails or times out
   * @throws InterruptedException when the execution is stopped while it waits
   */
  JsonNode callTool(String serverId, String tool, JsonNode arguments, Duration timeout)
      throws McpException, InterruptedException;

  /** No servers at all. */
  static McpToolCaller none() {
    return new McpToolCaller() {
      @Override
      public Optional<McpServerView> server(String serverId) {
        return Optional.empty();
      }

      @Override
      public List<JsonNode> listTools(String serverId, Duration timeout) throws McpException {
        throw new McpException("unknown mcp server");
      }

      @Override
      public JsonNode callTool(String serverId, String tool, JsonNode arguments, Duration timeout)
          throws McpException {
        throw new McpException("unknown mcp server");
      }
    };
  }

  /** A failed MCP operation; its message reaches the guest. */
  final class McpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception with this message. */
    public McpException(String message) {
      super(message);
    }

    /** An exception with this message and cause. */
    public McpException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
