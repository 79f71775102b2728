package io.spear.ai.mcp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one stdio MCP server's process starts on this node.
 *
 * @param command the full command line, its executable first (behind {@code setpriv} with {@code
 *     mcp.run_as})
 * @param env the whole environment of the process: nothing else of the node's is passed on; it may
 *     hold secrets, so it is never printed
 * @param directory its working directory
 */
record McpLaunch(List<String> command, Map<String, String> env, Path directory) {

  McpLaunch {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  // Records print their components; the environment may hold secrets.
  @Override
  public String toString() {
    return "McpLaunch[" + command + ", env=" + env.keySet() + ", directory=" + directory + "]";
  }
}
