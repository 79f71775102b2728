package io.spear.ai.mcp;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.nio.file.Path;
import java.util.List;

/**
 * The SDK's stdio transport with the process's environment and directory set by the node: the SDK's
 * own process builder inherits the node's whole environment (API keys, tokens, the database URL)
 * and then adds the server's variables on top.
 */
final class CleanStdioTransport extends StdioClientTransport {

  private final Path directory;

  CleanStdioTransport(McpLaunch launch, McpJsonMapper mapper) {
    super(parameters(launch), mapper);
    this.directory = launch.directory();
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().clear();
    return builder.directory(directory.toFile());
  }

  static ServerParameters parameters(McpLaunch launch) {
    List<String> command = launch.command();
    ServerParameters.Builder builder =
        ServerParameters.builder(command.getFirst())
            .args(command.subList(1, command.size()))
            .env(launch.env());
    // The SDK copies a few of the node's variables (HOME, PATH, USER, ...) under ours; one we did
    // not set ourselves is blanked, whatever a later SDK version adds to that list.
    for (String name : builder.build().getEnv().keySet()) {
      if (!launch.env().containsKey(name)) {
        builder.addEnvVar(name, "");
      }
    }
    return builder.build();
  }
}
