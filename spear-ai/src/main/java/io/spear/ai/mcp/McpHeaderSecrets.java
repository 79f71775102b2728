package io.spear.ai.mcp;

import io.spear.runtime.host.McpToolCaller.McpException;

/** The secret resolvers a node's MCP sessions may use. */
public final class McpHeaderSecrets {

  /**
   * What a node uses while SMS gives secrets only for a task's {@code executable.env}: a header
   * reference is refused with a message saying so, and the server is not contacted.
   */
  public static final McpSecrets NOT_YET =
      (spec, names) -> {
        throw new McpException(
            "mcp server "
                + spec.serverId()
                + " refers to secrets "
                + names
                + " in its http.headers; SMS does not give nodes secrets for MCP headers yet");
      };

  private McpHeaderSecrets() {}
}
