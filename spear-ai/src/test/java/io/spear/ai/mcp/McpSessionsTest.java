package io.spear.ai.mcp;

import static io.spear.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spear.ai.json.SortedJson;
import io.spear.model.mcp.McpServerSpec;
import io.spear.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's MCP sessions against the real {@code @modelcontextprotocol/server-filesystem}: one
 * process reused across calls, a new one after the process dies, concurrent calls bounded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpSessionsTest {

  static final Path SERVER =
      Path.of(
          System.getenv()
              .getOrDefault(
                  "SPEAR_NPM_CACHE", System.getProperty("user.home") + "/.cache/spear-npm"),
          "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path root;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private McpSessions sessions;

  @BeforeEach
  void start() throws Exception {
    ExternalTools.require(Files.isRegularFile(SERVER), "@modelcontextprotocol/server-filesystem");
    Files.writeString(root.resolve("notes.txt"), "MCP_FILE_CONTENT\n");
  }

  private void startSessions(int maxConcurrency) {
    McpServerSpec fs =
        new McpServerSpec(
            "fs",
            "files",
            "stdio",
            new McpServerSpec.Stdio(
                "node", List.of(SERVER.toString(), root.toString()), Map.of(), ""),
            null,
            null,
            List.of("*"),
            new McpServerSpec.Budgets(30_000L, maxConcurrency, null),
            null);
    sessions =
        new McpSessions(
            id -> id.equals("fs") ? Optional.of(fs) : Optional.empty(),
            McpProcessPolicy.allowing("node"),
            Map.of(),
            metrics);
  }

  @AfterEach
  void stop() {
    if (sessions != null) {
      sessions.close();
    }
  }

  private String read() throws Exception {
    JsonNode args = SortedJson.MAPPER.createObjectNode().put("path", root + "/notes.txt");
    return sessions.callTool("fs", "read_text_file", args, TIMEOUT).toString();
  }

  private double started() {
    return metrics.counter("spear.mcp.sessions.started", "server", "fs").count();
  }

  /** The server processes this JVM started (the node's children running the fs server). */
  private static List<ProcessHandle> serverProcesses() {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(SERVER.toString())).orElse(false))
        .forEach(found::add);
    return found;
  }

  @Test
  void oneProcessServesEveryCall() throws Exception {
    startSessions(2);
    assertThat(read()).contains("MCP_FILE_CONTENT");
    assertThat(read()).contains("MCP_FILE_CONTENT");
    assertThat(sessions.listTools("fs", TIMEOUT)).isNotEmpty();

    assertThat(started()).isEqualTo(1.0);
    assertThat(serverProcesses()).hasSize(1);
  }

  @Test
  void aKilledServerIsRestartedAndTheNextCallWorks() throws Exception {
    startSessions(2);
    assertThat(read()).contains("MCP_FILE_CONTENT");
    List<ProcessHandle> first = serverProcesses();
    assertThat(first).hasSize(1);

    first.getFirst().destroyForcibly();
    eventually(
        () ->
            assertThat(metrics.counter("spear.mcp.sessions.exited", "server", "fs").count())
                .isEqualTo(1.0));

    assertThat(read()).contains("MCP_FILE_CONTENT");
    assertThat(started()).isEqualTo(2.0);
    assertThat(serverProcesses()).hasSize(1).doesNotContainAnyElementsOf(first);
  }

  @Test
  void concurrentCallsBeyondTheServersLimitWaitTheirTurn() throws Exception {
    startSessions(1);
    read(); // start the process outside the measured calls
    int callers = 4;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger ok = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                      if (read().contains("MCP_FILE_CONTENT")) {
                        ok.incrementAndGet();
                      }
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }

    // With a limit of one call at a time every caller still got its answer, from one process.
    assertThat(ok.get()).isEqualTo(callers);
    assertThat(started()).isEqualTo(1.0);
    assertThat(metrics.counter("spear.mcp.calls", "server", "fs", "outcome", "ok").count())
        .isEqualTo(callers + 1.0);
  }
}
