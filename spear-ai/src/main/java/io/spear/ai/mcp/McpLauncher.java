package io.spear.ai.mcp;

import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.model.mcp.McpServerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a registered stdio spec into a process launch under this node's {@link McpProcessPolicy}:
 * refuses commands the node does not allow, and gives the process a clean environment (the node's
 * {@code PATH} for MCP, {@code HOME} in the working directory, the spec's {@code env}), the working
 * directory and the user of the node's config. The {@code ${secret:NAME}} references of the spec's
 * {@code env} are resolved for each launch, so their values live only in the launch and the
 * process.
 */
final class McpLauncher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(McpLauncher.class);
  private static final Pattern ENV_REF =
      Pattern.compile("\\$\\{ENV:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final McpProcessPolicy policy;
  private final Map<String, String> environment;
  private final McpSecrets secrets;
  private Path home; // made on first use
  private boolean madeTemporaryHome;

  McpLauncher(McpProcessPolicy policy, Map<String, String> environment, McpSecrets secrets) {
    this.policy = policy;
    this.environment = Map.copyOf(environment);
    this.secrets = secrets;
  }

  /** The launch of {@code spec}, or the reason this node refuses to run it. */
  McpLaunch launch(McpServerSpec spec) throws McpException {
    McpServerSpec.Stdio stdio = spec.stdio();
    String id = spec.serverId();
    String command = expand(id, stdio.command());
    Optional<Path> executable = executable(command);
    boolean allowed =
        policy.allowedCommands().contains(command)
            || executable.map(p -> policy.allowedCommands().contains(p.toString())).orElse(false);
    if (!allowed) {
      LOG.warn(
          "MCP server {} refused: its command {} is not in this node's mcp.allowed_commands {}",
          id,
          command,
          policy.allowedCommands());
      throw new McpException(
          "mcp server " + id + " is refused: its command is not allowed on this node");
    }
    if (executable.isEmpty()) {
      LOG.warn("MCP server {}: command {} not found on mcp.path {}", id, command, policy.path());
      throw new McpException("mcp server " + id + ": its command is not found on this node");
    }
    Path workingDir = home();
    Path directory =
        stdio.cwd().isBlank() ? workingDir : workingDir.resolve(expand(id, stdio.cwd()));
    List<String> line = new ArrayList<>();
    policy.runAs().ifPresent(user -> line.addAll(user.prefix()));
    line.add(executable.get().toString());
    stdio.args().forEach(a -> line.add(expand(id, a)));
    return new McpLaunch(line, env(spec, workingDir), directory);
  }

  private Map<String, String> env(McpServerSpec spec, Path workingDir) throws McpException {
    String id = spec.serverId();
    String user = policy.runAs().map(RunAs::user).orElse(System.getProperty("user.name", ""));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", policy.path());
    env.put("HOME", workingDir.toString());
    env.put("USER", user);
    env.put("LOGNAME", user);
    env.put("SHELL", "/bin/sh");
    env.put("TERM", "dumb");
    Map<String, String> own = new LinkedHashMap<>();
    spec.stdio().env().forEach((k, v) -> own.put(k, expand(id, v)));
    env.putAll(McpSecretFill.fill(spec, "stdio.env", own, secrets));
    return env;
  }

  /** A name is looked up on the policy's {@code PATH}; an absolute path must be executable. */
  private Optional<Path> executable(String command) {
    if (command.startsWith("/")) {
      Path p = Path.of(command);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (command.isEmpty() || command.contains("/")) {
      return Optional.empty();
    }
    return RunAs.onPath(command, policy.path());
  }

  /** The working directory, made (and given to the run-as user) when it does not exist yet. */
  synchronized Path home() throws McpException {
    if (home != null) {
      return home;
    }
    try {
      Path dir;
      if (policy.workingDir().isPresent()) {
        dir = policy.workingDir().get();
        if (Files.isDirectory(dir)) {
          return home = dir;
        }
        Files.createDirectories(dir);
      } else {
        dir = Files.createTempDirectory("spear-mcp-");
        madeTemporaryHome = true;
      }
      if (policy.runAs().isPresent()) {
        Files.setAttribute(dir, "unix:gid", policy.runAs().get().gid());
        Files.setAttribute(dir, "unix:uid", policy.runAs().get().uid());
      }
      return home = dir;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot prepare the MCP working directory: {}", e.toString());
      throw new McpException("mcp working directory unavailable on this node", e);
    }
  }

  /**
   * {@code ${ENV:VAR}} and {@code ${ENV:VAR:-default}}: from the node's environment only for
   * variables {@code mcp.pass_env} lists, as unset for every other.
   */
  String expand(String serverId, String value) {
    Matcher m = ENV_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = null;
      if (policy.passEnv().contains(name)) {
        v = environment.get(name);
      } else if (environment.containsKey(name)) {
        LOG.warn(
            "MCP server {} reads node variable {}, which mcp.pass_env does not list: read as unset",
            serverId,
            name);
      }
      if (v == null || v.isEmpty()) {
        v = m.group(2) == null ? "" : m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Removes the temporary working directory this launcher made. */
  @Override
  public synchronized void close() {
    if (!madeTemporaryHome || home == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(home)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove the MCP working directory {}: {}", home, e.toString());
    }
  }
}
