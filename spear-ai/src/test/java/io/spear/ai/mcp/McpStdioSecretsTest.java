package io.spear.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.ai.json.SortedJson;
import io.spear.egress.EgressPolicy;
import io.spear.model.mcp.McpServerSpec;
import io.spear.testing.EverythingServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${secret:NAME}} in a stdio MCP server's {@code env}: the real server-everything process
 * receives the value in its environment when its session starts, asked for once per session (the
 * logs at DEBUG of a real node are checked in spear-cli's {@code SecretsEndToEndTest}).
 */
@Timeout(60)
class McpStdioSecretsTest {

  private static final String SECRET = "stdio-env-secret-2b7e91-DO-NOT-LEAK";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path work;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private McpSessions sessions;

  @AfterEach
  void stop() {
    if (sessions != null) {
      sessions.close();
    }
  }

  private void start(Path script, McpSecrets secrets) {
    McpServerSpec spec =
        new McpServerSpec(
            "every",
            null,
            "stdio",
            new McpServerSpec.Stdio(
                "node",
                List.of(script.toString(), "stdio"),
                Map.of("API_TOKEN", "Bearer ${secret:TOKEN}", "PLAIN", "plain-value"),
                ""),
            null,
            null,
            List.of("get-sum"),
            new McpServerSpec.Budgets(30_000L, 2, null),
            null);
    sessions =
        new McpSessions(
            id -> id.equals("every") ? Optional.of(spec) : Optional.empty(),
            McpProcessPolicy.allowing("node").withWorkingDir(work),
            Map.of(),
            EgressPolicy.NONE,
            secrets,
            metrics);
  }

  @Test
  void theProcessReceivesItsEnvSecretInItsEnvironmentAndNoAnswerCarriesIt() throws Exception {
    Path script = EverythingServer.script();
    start(
        script,
        (spec, names) -> {
          asked.add(spec.serverId() + names);
          return Map.of("TOKEN", SECRET);
        });
    JsonNode args = SortedJson.MAPPER.createObjectNode().put("a", 20).put("b", 22);
    JsonNode sum = sessions.callTool("every", "get-sum", args, TIMEOUT);
    sessions.callTool("every", "get-sum", args, TIMEOUT);

    assertThat(sum.toString()).contains("42").doesNotContain(SECRET);
    // Asked once, when the session started; the second call reused the process.
    assertThat(asked).containsExactly("every[TOKEN]");
    assertThat(environment(script))
        .contains("API_TOKEN=Bearer " + SECRET, "PLAIN=plain-value", "HOME=" + work);
  }

  @Test
  void aServerWhoseSecretCannotBeHadNeverStarts() throws Exception {
    Path script = EverythingServer.script();
    start(script, McpSecrets.NONE);

    assertThatThrownBy(() -> sessions.listTools("every", TIMEOUT))
        .isInstanceOf(McpException.class)
        .hasMessage("mcp server every refers to secrets, and this node has no secrets to give");
    assertThat(processes(script)).isEmpty();
  }

  /** The environment of the one server process this JVM started, as the kernel holds it. */
  private static List<String> environment(Path script) throws Exception {
    List<ProcessHandle> found = processes(script);
    assertThat(found).hasSize(1);
    byte[] raw = Files.readAllBytes(Path.of("/proc", found.getFirst().pid() + "", "environ"));
    return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
  }

  private static List<ProcessHandle> processes(Path script) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(script.toString())).orElse(false))
        .forEach(found::add);
    return found;
  }
}
