package io.spear.ai.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What this node lets the stdio MCP servers registered on SMS do: the registry says what to run,
 * the node decides whether and how. Every field comes from the node's {@code mcp:} config.
 *
 * @param allowedCommands the commands a registered server may run ({@code mcp.allowed_commands}): a
 *     bare name matches that name in a spec (found on {@code path}), an absolute path matches that
 *     path or a name that resolves to it; empty (the default) runs no stdio server at all
 * @param path the {@code PATH} of MCP processes and where bare command names are looked up ({@code
 *     mcp.path}, default {@code /usr/local/bin:/usr/bin:/bin})
 * @param workingDir where MCP processes run, also their {@code HOME} ({@code mcp.working_dir});
 *     empty: a private temporary directory made on first use
 * @param runAs the unprivileged user they run as ({@code mcp.run_as}); empty: the node's user
 * @param passEnv the node's environment variables a spec may read through {@code ${ENV:VAR}}
 *     ({@code mcp.pass_env}); every other reference reads as unset
 */
public record McpProcessPolicy(
    List<String> allowedCommands,
    String path,
    Optional<Path> workingDir,
    Optional<RunAs> runAs,
    Set<String> passEnv) {

  /** The {@code PATH} MCP processes get unless the node's config names another. */
  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  /** Nothing allowed: no stdio MCP server runs on this node. */
  public static final McpProcessPolicy NONE =
      new McpProcessPolicy(List.of(), DEFAULT_PATH, Optional.empty(), Optional.empty(), Set.of());

  /** The config keys of the {@code mcp:} section this record reads. */
  public static final Set<String> KEYS =
      Set.of("allowed_commands", "path", "working_dir", "run_as", "pass_env");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Copies the collections. */
  public McpProcessPolicy {
    allowedCommands = List.copyOf(allowedCommands);
    passEnv = Set.copyOf(passEnv);
    if (path.isBlank()) {
      throw new IllegalArgumentException("mcp.path must not be empty");
    }
  }

  /** A policy that lets these commands run, with the other settings at their defaults. */
  public static McpProcessPolicy allowing(String... commands) {
    return NONE.withAllowedCommands(List.of(commands));
  }

  /** This policy with another allowlist. */
  public McpProcessPolicy withAllowedCommands(List<String> commands) {
    return new McpProcessPolicy(commands, path, workingDir, runAs, passEnv);
  }

  /** This policy with another working directory. */
  public McpProcessPolicy withWorkingDir(Path dir) {
    return new McpProcessPolicy(allowedCommands, path, Optional.of(dir), runAs, passEnv);
  }

  /** This policy running processes as {@code user}. */
  public McpProcessPolicy withRunAs(RunAs user) {
    return new McpProcessPolicy(allowedCommands, path, workingDir, Optional.of(user), passEnv);
  }

  /** This policy letting specs read these node variables. */
  public McpProcessPolicy withPassEnv(Set<String> names) {
    return new McpProcessPolicy(allowedCommands, path, workingDir, runAs, names);
  }

  /**
   * The policy of an {@code mcp:} section; fields outside {@link #KEYS} are ignored here. A {@code
   * run_as} user is checked now (it must exist, the node must run as root, {@code setpriv} must be
   * on {@code path}), so a node that cannot honour it does not start.
   */
  public static McpProcessPolicy of(JsonNode section) {
    if (section == null || !section.isObject()) {
      return NONE;
    }
    List<String> commands = strings(section, "allowed_commands");
    for (String c : commands) {
      if (c.isBlank() || (c.contains("/") && !c.startsWith("/"))) {
        throw new IllegalArgumentException(
            "mcp.allowed_commands: " + c + " is neither a command name nor an absolute path");
      }
    }
    String path = text(section, "path").orElse(DEFAULT_PATH);
    for (String dir : path.split(":")) {
      if (!dir.startsWith("/")) {
        throw new IllegalArgumentException("mcp.path must list absolute directories: " + dir);
      }
    }
    Optional<Path> dir = text(section, "working_dir").map(Path::of);
    if (dir.isPresent() && !dir.get().isAbsolute()) {
      throw new IllegalArgumentException("mcp.working_dir must be an absolute path");
    }
    Optional<RunAs> runAs = text(section, "run_as").map(user -> RunAs.resolve(user, path));
    Set<String> pass = new LinkedHashSet<>(strings(section, "pass_env"));
    for (String name : pass) {
      if (!ENV_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("mcp.pass_env: " + name + " is not a variable name");
      }
    }
    return new McpProcessPolicy(commands, path, dir, runAs, pass);
  }

  private static Optional<String> text(JsonNode section, String field) {
    JsonNode v = section.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("mcp." + field + " must be a non-empty string");
    }
    return Optional.of(v.asText());
  }

  private static List<String> strings(JsonNode section, String field) {
    JsonNode v = section.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("mcp." + field + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException("mcp." + field + " must be a list of strings");
      }
      out.add(item.asText());
    }
    return out;
  }
}
