package io.spear.ai;

import static io.spear.ai.ChatGuests.keyValues;
import static io.spear.ai.ChatGuests.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.ai.chat.McpToolCaller.McpException;
import io.spear.ai.json.SortedJson;
import io.spear.ai.mcp.McpProcessPolicy;
import io.spear.ai.mcp.McpRegistry;
import io.spear.ai.mcp.McpSessions;
import io.spear.egress.EgressPolicy;
import io.spear.model.mcp.McpServerSpec;
import io.spear.runtime.ExecutionOutcome;
import io.spear.testing.EverythingServer;
import io.spear.testing.HeaderRecordingProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MCP tools for chat guests from the real {@code @modelcontextprotocol/server-everything} over
 * streamable HTTP: reached only through the node's egress policy, with header secrets the node
 * resolves and nobody else sees.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpHttpEndToEndTest {

  static final String SECRET = "tok-5f2c9a-never-shown";
  static final Map<String, String> TASK_ENABLES =
      Map.of("mcp.enabled", "true", "mcp.allowed_server_ids", "[\"every\",\"keyed\"]");

  private EverythingServer everything;
  private HeaderRecordingProxy keyedProxy;
  private HeaderRecordingProxy unlistedProxy;
  private ScriptedLlmServer llm;
  private ChatGuests guests;
  private McpSessions sessions;
  private final List<String> secretsAskedBy = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream stderr;

  @BeforeEach
  void start() throws Exception {
    everything = EverythingServer.start();
    keyedProxy = new HeaderRecordingProxy(everything.url());
    unlistedProxy = new HeaderRecordingProxy(everything.url());
    llm = new ScriptedLlmServer();
    Map<String, McpServerSpec> specs =
        Map.of(
            "every", spec("every", everything.url(), Map.of()),
            "keyed",
                spec(
                    "keyed",
                    keyedProxy.url(),
                    Map.of("Authorization", "Bearer ${secret:EVERY_TOKEN}", "X-Tenant", "t1")),
            "far", spec("far", unlistedProxy.url(), Map.of()),
            "byname",
                spec(
                    "byname",
                    "http://localhost:" + unlistedProxy.port() + "/mcp",
                    Map.of("Authorization", "Bearer ${secret:EVERY_TOKEN}")),
            "metadata", spec("metadata", "http://169.254.169.254/mcp", Map.of()));
    McpRegistry registry = id -> Optional.ofNullable(specs.get(id));
    // Loopback is reachable only where the node lists it: the server and one proxy, not the other
    // (which is listed by name only, and a name never admits a special address).
    EgressPolicy egress =
        EgressPolicy.of(
            List.of(
                "127.0.0.1:" + everything.port,
                "127.0.0.1:" + keyedProxy.port(),
                "localhost:" + unlistedProxy.port()));
    stderr = System.err;
    System.setErr(new PrintStream(new TeeStream(stderr, log), true, StandardCharsets.UTF_8));
    guests =
        new ChatGuests(
            ChatGuests.parse(
                "backends: [{name: scripted, kind: openai_chat_completion, base_url: '"
                    + llm.baseUrl()
                    + "', features: [supports_tools]}]"),
            Map.of(),
            metrics ->
                sessions =
                    new McpSessions(
                        registry,
                        McpProcessPolicy.NONE,
                        Map.of(),
                        egress,
                        (spec, names) -> {
                          secretsAskedBy.add(spec.serverId() + names);
                          return Map.of("EVERY_TOKEN", SECRET);
                        },
                        metrics));
  }

  private static McpServerSpec spec(String id, String url, Map<String, String> headers) {
    return new McpServerSpec(
        id,
        id,
        "streamable_http",
        null,
        new McpServerSpec.Http(url, headers, null),
        null,
        List.of("echo", "get-sum"),
        new McpServerSpec.Budgets(30_000L, 2, null),
        null);
  }

  static String tool(String server, String tool) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "mcp__"
        + b64.encodeToString(server.getBytes(StandardCharsets.UTF_8))
        + "__"
        + b64.encodeToString(tool.getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    if (stderr != null) {
      System.setErr(stderr);
    }
    for (AutoCloseable c : new AutoCloseable[] {guests, llm, keyedProxy, unlistedProxy}) {
      if (c != null) {
        c.close();
      }
    }
    if (everything != null) {
      everything.close();
    }
  }

  @Test
  void guestChatCallsEchoOnAStreamableHttpServerAndTheSessionIsReused() {
    llm.then(200, ScriptedLlmServer.toolCall("c1", tool("every", "echo"), "{\"message\":\"hi\"}"))
        .thenText("echoed. HTTP_OK")
        .then(
            200, ScriptedLlmServer.toolCall("c2", tool("every", "get-sum"), "{\"a\":20,\"b\":22}"))
        .thenText("summed");

    ExecutionOutcome outcome =
        guests.probeTask(
            TASK_ENABLES,
            "tools",
            "Echo hi",
            param("model", "m"),
            param("mcp.enabled", true),
            param("mcp.server_ids", List.of("every")));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Completed.class);
    assertThat(llm.requests().get(0).body().get("tools").toString())
        .contains(tool("every", "echo"), tool("every", "get-sum"))
        .doesNotContain(tool("every", "get-env")); // not in allowed_tools
    JsonNode result = toolResult(1);
    assertThat(result.at("/content/0/text").asText()).isEqualTo("Echo: hi");
    assertThat(result.path("isError").asBoolean()).isFalse();
    assertThat(keyValues(outcome.output().stdoutText()).get("response")).contains("HTTP_OK");
    assertThat(outcome.output().logText())
        .containsPattern("mcp tools/call server=every tool=echo ok \\d+ms");

    guests.probeTask(
        TASK_ENABLES,
        "tools",
        "Add",
        param("model", "m"),
        param("mcp.enabled", true),
        param("mcp.server_ids", List.of("every")));
    assertThat(toolResult(3).at("/content/0/text").asText()).contains("42");
    // One session serves both executions; the calls are counted per server and outcome.
    assertThat(guests.metrics.counter("spear.mcp.sessions.started", "server", "every").count())
        .isEqualTo(1.0);
    assertThat(
            guests.metrics.counter("spear.mcp.calls", "server", "every", "outcome", "ok").count())
        .isGreaterThanOrEqualTo(4.0);
  }

  @Test
  void serversOutsideTheEgressPolicyOrListedOnlyByNameAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> sessions.listTools("far", Duration.ofSeconds(10)))
        .isInstanceOf(McpException.class)
        .hasMessage("mcp server far is refused: its URL is outside this node's egress policy");
    assertThatThrownBy(() -> sessions.listTools("metadata", Duration.ofSeconds(10)))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("outside this node's egress policy");
    assertThatThrownBy(() -> sessions.listTools("byname", Duration.ofSeconds(10)))
        .isInstanceOf(McpException.class)
        .hasMessage("mcp server byname is refused: its URL is outside this node's egress policy");
    assertThat(unlistedProxy.requests).isEmpty();
    assertThat(secretsAskedBy).isEmpty();
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains(
            "MCP server far refused: its URL "
                + unlistedProxy.url()
                + " is outside this node's egress policy: 127.0.0.1:"
                + unlistedProxy.port()
                + " is loopback")
        .contains(
            "MCP server byname refused: its URL http://localhost:"
                + unlistedProxy.port()
                + "/mcp is outside this node's egress policy: localhost:"
                + unlistedProxy.port()
                + " (at ")
        .containsPattern("localhost:\\d+ \\(at [0-9a-f:.]+\\) is loopback")
        .contains("MCP server metadata refused")
        .contains("169.254.169.254:80 is link-local");
  }

  @Test
  void headerSecretsReachTheServerAndNeitherTheGuestTheModelNorTheLog() {
    llm.then(200, ScriptedLlmServer.toolCall("c1", tool("keyed", "echo"), "{\"message\":\"k\"}"))
        .thenText("done");

    ExecutionOutcome outcome =
        guests.probeTask(
            TASK_ENABLES,
            "tools",
            "Echo k",
            param("model", "m"),
            param("mcp.enabled", true),
            param("mcp.server_ids", List.of("keyed")));

    assertThat(toolResult(1).at("/content/0/text").asText()).isEqualTo("Echo: k");
    assertThat(keyedProxy.values("Authorization")).isNotEmpty().containsOnly("Bearer " + SECRET);
    assertThat(keyedProxy.values("X-Tenant")).isNotEmpty().containsOnly("t1");
    assertThat(secretsAskedBy).containsExactly("keyed[EVERY_TOKEN]");
    assertThat(outcome.output().stdoutText()).doesNotContain(SECRET);
    assertThat(outcome.output().logText()).doesNotContain(SECRET);
    llm.requests().forEach(r -> assertThat(r.body().toString()).doesNotContain(SECRET));
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(SECRET);
  }

  private JsonNode toolResult(int request) {
    JsonNode messages = llm.requests().get(request).body().get("messages");
    return SortedJson.parse(messages.get(messages.size() - 1).get("content").asText())
        .orElseThrow();
  }

  /** Copies the log to the console and into the test's buffer. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
