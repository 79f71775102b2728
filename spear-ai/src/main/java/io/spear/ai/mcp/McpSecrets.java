package io.spear.ai.mcp;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.model.mcp.McpServerSpec;
import java.util.Map;
import java.util.Set;

/**
 * Where the node gets the values of the {@code ${secret:NAME}} references in an MCP server's
 * settings (a streamable HTTP server's {@code http.headers}, a stdio server's {@code stdio.env}):
 * asked each time a session opens, kept only in that session's memory (and a stdio server's process
 * environment), never logged.
 */
@FunctionalInterface
public interface McpSecrets {

  /** A node without secrets: any reference is refused with a clear message. */
  McpSecrets NONE =
      (spec, names) -> {
        throw new McpException(
            "mcp server "
                + spec.serverId()
                + " refers to secrets, and this node has no secrets to give");
      };

  /**
   * The values of {@code names}, all of them, for a session with {@code spec}.
   *
   * @throws McpException when a secret cannot be given to this server
   */
  Map<String, String> resolve(McpServerSpec spec, Set<String> names) throws McpException;
}
