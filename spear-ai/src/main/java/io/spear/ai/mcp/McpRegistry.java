package io.spear.ai.mcp;

import io.spear.model.mcp.McpServerSpec;
import java.util.Optional;

/** Where the node learns which MCP servers exist. */
public interface McpRegistry {

  /** The server with this id, as currently registered. */
  Optional<McpServerSpec> find(String serverId);
}
