package io.spear.sms.mcp;

import io.spear.model.mcp.McpServerSpec;
import java.util.List;
import java.util.Optional;

/** Where registered MCP servers are kept, by server id. */
public interface McpServerStore {

  /** Registers or replaces a server; answers whether it replaced one. */
  boolean put(McpServerSpec spec);

  /** A server by id. */
  Optional<McpServerSpec> find(String serverId);

  /** Every server, by id. */
  List<McpServerSpec> list();

  /** Removes a server; false when there was none. */
  boolean delete(String serverId);
}
