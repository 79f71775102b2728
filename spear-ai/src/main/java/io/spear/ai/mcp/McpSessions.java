package io.spear.ai.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.spear.ai.chat.McpServerView;
import io.spear.ai.chat.McpToolCaller;
import io.spear.ai.json.SortedJson;
import io.spear.egress.EgressPolicy;
import io.spear.model.mcp.McpServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP tools for chat guests over stdio and streamable HTTP, with one long-lived client session per
 * server on this node (SPEAR starts a process per call): started on first use, restarted when its
 * process dies, a call times out or fails over HTTP, or the registered spec changes, and limited to
 * the server's {@code max_concurrency} calls at once. Processes start only for commands the node
 * allows, with a clean environment (see {@link McpProcessPolicy}); HTTP servers are reached only
 * when the node's egress policy lets their URL through.
 */
public final class McpSessions implements McpToolCaller, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(McpSessions.class);

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>
      ARGUMENTS = new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private final McpRegistry registry;
  private final McpLauncher launcher;
  private final McpHttpConnector connector;
  private PinnedConnections connections; // made for the first HTTP session
  private boolean closed;
  private final MeterRegistry metrics;
  private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final ExecutorService calls =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mcp-call-", 0).factory());

  /**
   * Sessions for the servers of {@code registry}, run under {@code policy}; {@code environment} is
   * the node's, read only for the {@code ${ENV:..}} references the policy passes on.
   */
  public McpSessions(
      McpRegistry registry,
      McpProcessPolicy policy,
      Map<String, String> environment,
      MeterRegistry metrics) {
    this(registry, policy, environment, EgressPolicy.NONE, McpSecrets.NONE, metrics);
  }

  /**
   * Sessions as above that also reach streamable HTTP servers whose URL {@code egress} lets
   * through, with the {@code ${secret:NAME}} references of their headers (and of stdio servers'
   * {@code env}) resolved by {@code secrets}.
   */
  public McpSessions(
      McpRegistry registry,
      McpProcessPolicy policy,
      Map<String, String> environment,
      EgressPolicy egress,
      McpSecrets secrets,
      MeterRegistry metrics) {
    this.registry = registry;
    this.launcher = new McpLauncher(policy, environment, secrets);
    this.connector = new McpHttpConnector(egress, secrets);
    this.metrics = metrics;
  }

  @Override
  public Optional<McpServerView> server(String serverId) {
    return registry
        .find(serverId)
        .map(
            s ->
                new McpServerView(
                    s.serverId(),
                    s.allowedTools(),
                    Duration.ofMillis(s.toolTimeoutMillis()),
                    s.maxToolOutputBytes()));
  }

  @Override
  public List<JsonNode> listTools(String serverId, Duration timeout)
      throws McpException, InterruptedException {
    McpSchema.ListToolsResult result =
        call(serverId, "tools/list", timeout, McpSyncClient::listTools);
    List<JsonNode> tools = new ArrayList<>();
    for (McpSchema.Tool tool : result.tools()) {
      tools.add(toJson(tool));
    }
    return tools;
  }

  @Override
  public JsonNode callTool(String serverId, String tool, JsonNode arguments, Duration timeout)
      throws McpException, InterruptedException {
    Map<String, Object> args = SortedJson.MAPPER.convertValue(arguments, ARGUMENTS);
    McpSchema.CallToolRequest request =
        McpSchema.CallToolRequest.builder(tool).arguments(args).build();
    return toJson(call(serverId, "tools/call", timeout, client -> client.callTool(request)));
  }

  private JsonNode toJson(Object value) throws McpException {
    try {
      return SortedJson.MAPPER.readTree(mapper.writeValueAsString(value));
    } catch (java.io.IOException e) {
      throw new McpException("cannot read the MCP server's answer: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface ClientCall<T> {
    T apply(McpSyncClient client);
  }

  private <T> T call(String serverId, String what, Duration timeout, ClientCall<T> body)
      throws McpException, InterruptedException {
    McpServerSpec spec =
        registry.find(serverId).orElseThrow(() -> new McpException("unknown mcp server"));
    if (!"stdio".equals(spec.transport()) && !"streamable_http".equals(spec.transport())) {
      throw new McpException("mcp transport " + spec.transport() + " is not supported");
    }
    Session session = session(serverId, spec);
    long start = System.nanoTime();
    if (!session.permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      record(serverId, "busy", start);
      throw new McpException("mcp server " + serverId + " is busy");
    }
    try {
      Future<T> future = calls.submit(() -> body.apply(session.client(timeout)));
      try {
        T result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        record(serverId, "ok", start);
        return result;
      } catch (TimeoutException e) {
        future.cancel(true);
        record(serverId, "timeout", start);
        restart(serverId, session);
        throw new McpException("mcp " + what + " timed out after " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        record(serverId, "error", start);
        Throwable cause = e.getCause() == null ? e : e.getCause();
        // Over HTTP a failed request says nothing of the session: the next call opens a new one
        // (and checks the URL against the egress policy again).
        if (!session.alive() || session.opening instanceof Opening.Http) {
          restart(serverId, session);
        }
        throw new McpException("mcp " + what + " failed: " + cause.getMessage(), cause);
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      }
    } finally {
      session.permits.release();
    }
  }

  private Session session(String serverId, McpServerSpec spec) throws McpException {
    Session current = sessions.get(serverId);
    if (current != null && current.spec.equals(spec) && !current.exited()) {
      return current;
    }
    Opening opening = open(spec); // refused before any process starts or request is sent
    return sessions.compute(
        serverId,
        (id, s) -> s != null && s.spec.equals(spec) && !s.exited() ? s : replace(s, spec, opening));
  }

  private Opening open(McpServerSpec spec) throws McpException {
    if ("streamable_http".equals(spec.transport())) {
      return new Opening.Http(
          connector.connect(spec, value -> launcher.expand(spec.serverId(), value)));
    }
    return new Opening.Stdio(launcher.launch(spec));
  }

  private void record(String server, String outcome, long startNanos) {
    Counter.builder("spear.mcp.calls")
        .description("MCP requests (tools/list, tools/call) by server and outcome")
        .tag("server", server)
        .tag("outcome", outcome)
        .register(metrics)
        .increment();
    Timer.builder("spear.mcp.call.duration")
        .description("Time MCP requests took")
        .tag("server", server)
        .register(metrics)
        .record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private Session replace(Session old, McpServerSpec spec, Opening opening) {
    if (old != null) {
      old.close();
    }
    return new Session(spec, opening);
  }

  private void restart(String serverId, Session session) {
    if (sessions.remove(serverId, session)) {
      LOG.info("restarting MCP session of {}", serverId);
      session.close();
    }
  }

  private synchronized PinnedConnections connections() {
    if (closed) {
      throw new IllegalStateException("MCP sessions closed");
    }
    if (connections == null) {
      connections = new PinnedConnections(PinnedConnections.defaultTls());
    }
    return connections;
  }

  @Override
  public void close() {
    sessions.values().forEach(Session::close);
    sessions.clear();
    calls.shutdownNow();
    launcher.close();
    synchronized (this) {
      closed = true;
      if (connections != null) {
        connections.close();
      }
    }
  }

  // The server's process ended by itself: this session is done, the next call starts a new one.
  // Closing the client also fails the calls still waiting on the dead process at once.
  private void onProcessExit(Session session) {
    if (session.markExited()) {
      LOG.warn(
          "MCP server {} exited; a new session starts on its next call", session.spec.serverId());
      Counter.builder("spear.mcp.sessions.exited")
          .description("MCP server processes that ended by themselves")
          .tag("server", session.spec.serverId())
          .register(metrics)
          .increment();
      restart(session.spec.serverId(), session);
    }
  }

  /** How a session reaches its server: a process this node starts, or a checked HTTP endpoint. */
  private sealed interface Opening {
    record Stdio(McpLaunch launch) implements Opening {}

    record Http(McpHttpEndpoint endpoint) implements Opening {}
  }

  /** One server's process or HTTP endpoint and client, started on first use. */
  private final class Session {
    final McpServerSpec spec;
    final Opening opening;
    final Semaphore permits;
    private McpSyncClient client;
    private boolean closed;
    private volatile boolean exited;

    Session(McpServerSpec spec, Opening opening) {
      this.spec = spec;
      this.opening = opening;
      this.permits = new Semaphore(spec.maxConcurrency());
    }

    synchronized McpSyncClient client(Duration timeout) {
      if (closed) {
        throw new IllegalStateException("session closed");
      }
      if (client == null) {
        McpSchema.Implementation info =
            McpSchema.Implementation.builder("spear-spearlet", "0.1.0").build();
        McpClientTransport transport =
            switch (opening) {
              case Opening.Stdio stdio -> new CleanStdioTransport(stdio.launch(), mapper);
              case Opening.Http http ->
                  McpHttpTransports.of(
                      http.endpoint(),
                      mapper,
                      timeout,
                      connections(),
                      PinnedConnections.defaultTls());
            };
        McpSyncClient c =
            McpClient.sync(transport)
                .clientInfo(info)
                .requestTimeout(timeout)
                .initializationTimeout(timeout)
                .build();
        try {
          c.initialize();
        } catch (RuntimeException e) {
          c.close();
          throw e;
        }
        LOG.info("started MCP session of {}", spec.serverId());
        Counter.builder("spear.mcp.sessions.started")
            .description("MCP server processes started (first use, restarts)")
            .tag("server", spec.serverId())
            .register(metrics)
            .increment();
        client = c;
        if (transport instanceof StdioClientTransport stdio) {
          watch(stdio);
        }
      }
      return client;
    }

    // Notices the process ending (crash, kill, OOM) without waiting for a call to hang on it.
    private void watch(StdioClientTransport transport) {
      Thread.ofVirtual()
          .name("mcp-watch-" + spec.serverId())
          .start(
              () -> {
                try {
                  transport.awaitForExit();
                } catch (RuntimeException e) {
                  return;
                }
                onProcessExit(this);
              });
    }

    synchronized boolean alive() {
      return client != null && client.isInitialized() && !closed && !exited;
    }

    boolean exited() {
      return exited;
    }

    // True the first time, for a session nobody closed: its process ended by itself.
    synchronized boolean markExited() {
      if (closed || exited) {
        return false;
      }
      exited = true;
      return true;
    }

    synchronized void close() {
      closed = true;
      if (client != null) {
        try {
          client.closeGracefully();
        } catch (RuntimeException e) {
          client.close();
        }
        client = null;
      }
    }
  }
}
