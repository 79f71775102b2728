package io.spear.sms.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.mcp.McpServerSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads SPEAR-format MCP server files ({@code *.toml}: {@code server_id}, {@code transport}, {@code
 * allowed_tools}, {@code [stdio]}, {@code [budgets]}) from a directory into the registry at start.
 */
public final class McpDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(McpDirectory.class);

  private McpDirectory() {}

  /**
   * Registers every {@code *.toml} file of {@code dir}, in name order.
   *
   * @return the server ids registered
   * @throws IllegalArgumentException naming the file that cannot be read or is invalid
   */
  public static List<String> load(Path dir, McpServerStore store) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("MCP directory " + dir + " does not exist");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.toml")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list MCP directory " + dir + ": " + e, e);
    }
    files.sort(null);
    List<String> ids = new ArrayList<>();
    TomlMapper toml = new TomlMapper();
    for (Path file : files) {
      McpServerSpec spec;
      try {
        JsonNode tree = toml.readTree(file.toFile());
        spec = McpService.parse(tree);
      } catch (IOException | InvalidRequestException e) {
        throw new IllegalArgumentException(
            "invalid MCP server file " + file + ": " + e.getMessage(), e);
      }
      store.put(spec);
      ids.add(spec.serverId());
    }
    LOG.info("registered {} MCP server(s) from {}: {}", ids.size(), dir, ids);
    return ids;
  }
}
