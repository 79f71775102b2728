package io.spear.ai.mcp;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.AiConfig;
import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.model.mcp.McpServerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registered stdio MCP server gets on a node: only commands the node allows, a clean
 * environment without the node's secrets, and the node's user and directory for MCP. The servers
 * here are real processes: a script that writes down its environment, user and directory.
 */
@Timeout(60)
class McpProcessAttackTest {

  /** What every MCP process may hold: ours, and what {@code sh} sets for itself. */
  static final Set<String> OWN =
      Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "PWD", "SHLVL", "_", "OLDPWD");

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @TempDir Path dir;
  private Path dumper;
  private Path work;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private McpSessions sessions;

  @BeforeEach
  void writeDumper() throws Exception {
    // Other users (mcp.run_as) must reach the script and the working directory below it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    dumper = dir.resolve("dump-env.sh");
    Files.writeString(
        dumper,
        """
        #!/bin/sh
        env > "$HOME/env.txt.tmp"; id -u > "$HOME/uid.txt"; pwd > "$HOME/pwd.txt"
        mv "$HOME/env.txt.tmp" "$HOME/env.txt"
        """);
    Files.setPosixFilePermissions(dumper, PosixFilePermissions.fromString("rwxr-xr-x"));
    work = dir.resolve("work");
  }

  @AfterEach
  void stop() {
    if (sessions != null) {
      sessions.close();
    }
  }

  private static McpServerSpec stdio(String id, String command, List<String> args) {
    return stdio(id, command, args, Map.of());
  }

  private static McpServerSpec stdio(
      String id, String command, List<String> args, Map<String, String> env) {
    return new McpServerSpec(
        id,
        null,
        "stdio",
        new McpServerSpec.Stdio(command, args, env, ""),
        null,
        null,
        List.of("*"),
        new McpServerSpec.Budgets(3_000L, 1, null),
        null);
  }

  private void start(McpProcessPolicy policy, McpServerSpec... specs) {
    Map<String, String> nodeEnv = new HashMap<>(System.getenv());
    nodeEnv.put("SPEAR_TEST_PASSED", "passed-value");
    sessions =
        new McpSessions(
            id -> List.of(specs).stream().filter(s -> s.serverId().equals(id)).findFirst(),
            policy.withWorkingDir(work),
            nodeEnv,
            metrics);
  }

  /** Starts the server's process (the dumper is no MCP server, so the handshake fails). */
  private void use(String serverId) {
    assertThatThrownBy(() -> sessions.listTools(serverId, TIMEOUT))
        .isInstanceOf(McpException.class);
  }

  private Map<String, String> dumpedEnv() throws Exception {
    Path file = work.resolve("env.txt");
    eventually(() -> assertThat(file).exists());
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  @Test
  void anMcpServerStartsWithACleanEnvironmentAndNoneOfTheNodesSecrets() throws Exception {
    assertThat(System.getenv("SPEAR_TEST_NODE_SECRET")).as("set by surefire").isNotBlank();
    start(
        McpProcessPolicy.allowing(dumper.toString()).withPassEnv(Set.of("SPEAR_TEST_PASSED")),
        stdio(
            "dump",
            dumper.toString(),
            List.of(),
            Map.of(
                "FROM_SPEC", "spec-value",
                "STOLEN", "${ENV:SPEAR_TEST_NODE_SECRET}",
                "PASSED", "${ENV:SPEAR_TEST_PASSED}")));
    use("dump");

    Map<String, String> env = dumpedEnv();
    assertThat(env.toString()).doesNotContain(System.getenv("SPEAR_TEST_NODE_SECRET"));
    assertThat(env)
        .containsEntry("PATH", McpProcessPolicy.DEFAULT_PATH)
        .containsEntry("HOME", work.toString())
        .containsEntry("FROM_SPEC", "spec-value")
        .containsEntry("PASSED", "passed-value")
        .containsEntry("STOLEN", "")
        .doesNotContainKey("SPEAR_TEST_NODE_SECRET");
    // Nothing else of the node's environment reached the process, whatever the test runs under.
    for (String name : System.getenv().keySet()) {
      if (!OWN.contains(name)) {
        assertThat(env).as("node variable " + name).doesNotContainKey(name);
      }
    }
    assertThat(Files.readString(work.resolve("pwd.txt")).trim()).isEqualTo(work.toString());
  }

  @Test
  void aCommandTheNodeDoesNotAllowIsRefusedAndNeverStarts() throws Exception {
    Path marker = dir.resolve("pwned");
    List<String> touch = List.of("-c", "touch " + marker);
    start(
        McpProcessPolicy.allowing("node", dumper.toString()),
        stdio("abs", "/bin/sh", touch),
        stdio("name", "sh", touch),
        stdio("relative", "../../../../../../bin/sh", touch),
        stdio("env", "${ENV:SHELL:-/bin/sh}", touch),
        stdio("node-elsewhere", dir.resolve("node").toString(), touch));
    Files.copy(Path.of("/bin/sh"), dir.resolve("node"));

    for (String id : List.of("abs", "name", "relative", "env", "node-elsewhere")) {
      assertThatThrownBy(() -> sessions.listTools(id, TIMEOUT))
          .as(id)
          .isInstanceOf(McpException.class)
          .hasMessageContaining("not allowed on this node");
    }
    assertThat(marker).doesNotExist();
    assertThat(metrics.find("spear.mcp.sessions.started").counters()).isEmpty();
  }

  @Test
  void byDefaultANodeRunsNoStdioServerAtAll() {
    Path marker = dir.resolve("pwned");
    start(McpProcessPolicy.NONE, stdio("npx", "npx", List.of("-y", "x", "&&", "touch", "m")));
    assertThat(AiConfig.NONE.mcpProcesses().allowedCommands()).isEmpty();

    assertThatThrownBy(() -> sessions.listTools("npx", TIMEOUT))
        .hasMessageContaining("not allowed on this node");
    assertThat(marker).doesNotExist();
  }

  @Test
  void withRunAsTheServerRunsAsThatUserWithoutItsGroups() throws Exception {
    assumeThat(Files.getAttribute(Path.of("/proc/self"), "unix:uid")).isEqualTo(0);
    RunAs nobody = RunAs.resolve("nobody", McpProcessPolicy.DEFAULT_PATH);
    start(
        McpProcessPolicy.allowing(dumper.toString()).withRunAs(nobody),
        stdio("dump", dumper.toString(), List.of()));
    use("dump");

    Map<String, String> env = dumpedEnv();
    assertThat(Files.readString(work.resolve("uid.txt")).trim())
        .isEqualTo(Integer.toString(nobody.uid()))
        .isNotEqualTo("0");
    assertThat(env).containsEntry("USER", "nobody").containsEntry("HOME", work.toString());
    assertThat(Files.getAttribute(work, "unix:uid")).isEqualTo(nobody.uid());
  }

  @Test
  void aNodeThatCannotHonourRunAsDoesNotStart() {
    YAMLMapper yaml = new YAMLMapper();
    assertThatThrownBy(
            () -> AiConfig.of(null, yaml.readTree("run_as: no-such-user-4711"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no user no-such-user-4711");
    assertThatThrownBy(
            () -> AiConfig.of(null, yaml.readTree("{run_as: nobody, path: " + dir + "}"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs setpriv");
    assertThatThrownBy(
            () -> AiConfig.of(null, yaml.readTree("allowed_commands: [bin/sh]"), Map.of()))
        .hasMessageContaining("neither a command name nor an absolute path");
  }

  @Test
  void aSpecReadsOnlyTheNodeVariablesTheNodePassesOn() throws Exception {
    McpLauncher launcher =
        new McpLauncher(
            McpProcessPolicy.NONE.withPassEnv(Set.of("FS_TOKEN")),
            Map.of("FS_TOKEN", "fs", "OPENAI_API_KEY", "sk-node"),
            McpSecrets.NONE);
    assertThat(launcher.expand("s", "${ENV:FS_TOKEN}/${ENV:OPENAI_API_KEY:-none}"))
        .isEqualTo("fs/none");
    assertThat(Optional.of(launcher.expand("s", "${ENV:OPENAI_API_KEY}"))).contains("");
  }
}
