package io.spear.sms;

import io.micrometer.core.instrument.Gauge;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.http.auth.ServerSecurity;
import io.spear.model.concurrent.Workers;
import io.spear.sms.execution.ExecutionExpiry;
import io.spear.sms.execution.ExecutionService;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.execution.NodeReconciliationService;
import io.spear.sms.file.FileService;
import io.spear.sms.history.ExecutionControlService;
import io.spear.sms.history.ExecutionListService;
import io.spear.sms.invoke.ForwardingClient;
import io.spear.sms.invoke.InvocationService;
import io.spear.sms.invoke.NodeSelector;
import io.spear.sms.log.ExecutionLogService;
import io.spear.sms.log.LogLimits;
import io.spear.sms.log.LogRetention;
import io.spear.sms.log.LoggingExecutionStore;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.mcp.McpService;
import io.spear.sms.node.NodeBackendsService;
import io.spear.sms.node.NodeLivenessMonitor;
import io.spear.sms.node.NodeResourceService;
import io.spear.sms.node.NodeService;
import io.spear.sms.stream.EndpointGatewayService;
import io.spear.sms.stream.StreamSessionService;
import io.spear.sms.task.TaskService;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SMS: the store, the REST API and the node liveness monitor. */
public final class SmsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmsServer.class);
  private static final String CONSOLE = "/spear-console";

  private final SmsStore store;
  private final NodeLivenessMonitor liveness;
  private final HttpServer http;
  private final LogRetention logRetention;
  private final ExecutionExpiry expiry;

  private SmsServer(
      SmsStore store,
      NodeLivenessMonitor liveness,
      HttpServer http,
      LogRetention logRetention,
      ExecutionExpiry expiry) {
    this.expiry = expiry;
    this.store = store;
    this.liveness = liveness;
    this.http = http;
    this.logRetention = logRetention;
  }

  /** Opens the store and starts serving; returns once the port listens. */
  public static SmsServer start(SmsConfig config) {
    return start(config, LogLimits.defaults());
  }

  /** Opens the store and starts serving, with these bounds on execution logs. */
  public static SmsServer start(SmsConfig config, LogLimits logLimits) {
    return start(config, logLimits, ServerSecurity.none());
  }

  /** Opens the store and starts serving; {@code security} says who may call it. */
  public static SmsServer start(SmsConfig config, ServerSecurity security) {
    return start(config, LogLimits.defaults(), security);
  }

  /** Opens the store and starts serving with these log bounds and this security. */
  public static SmsServer start(SmsConfig config, LogLimits logLimits, ServerSecurity security) {
    SmsStore store = SmsStores.open(config, logLimits);
    NodeLivenessMonitor liveness = null;
    LogRetention logRetention = null;
    ExecutionExpiry expiry = null;
    try {
      // Executions reported by nodes also write their log lines.
      ExecutionStore executions =
          new LoggingExecutionStore(store.executions(), store.executionLogs());
      logRetention = new LogRetention(store.executionLogs(), logLimits, config.clock()).start();
      HttpMetrics metrics = new HttpMetrics();
      Gauge.builder("spear.sms.file.bytes.stored", store.files(), f -> f.storedBytes())
          .description("Bytes of file content stored, counted once per distinct content")
          .baseUnit("bytes")
          .register(metrics.registry());
      NodeSelector selector = new NodeSelector(store.nodes(), config.clock());
      HttpClient streamClient = HttpClient.newHttpClient();
      StreamSessionService streams =
          new StreamSessionService(
              store.streamSessions(),
              store.executions(),
              store.nodes(),
              config.clock(),
              streamClient);
      // Other replicas' node changes (a shared store) drop the snapshot too, not only ours.
      store.nodeChanges().subscribe(uuid -> selector.invalidate());
      liveness =
          new NodeLivenessMonitor(
                  store.nodes(),
                  config.nodeHeartbeatTimeout(),
                  config.clock(),
                  selector::invalidate)
              .start();
      // Executions whose node was lost, or that never ended, are ended here; /health shows the
      // sweep's state.
      Workers workers = new Workers();
      ForwardingClient forwarding = ForwardingClient.create();
      expiry =
          new ExecutionExpiry(
                  executions,
                  store.nodes(),
                  config.nodeHeartbeatTimeout(),
                  ExecutionExpiry.DEFAULT_MAX_AGE,
                  config.clock())
              .start(
                  sweepPeriod(config.nodeHeartbeatTimeout()),
                  sweep ->
                      workers.periodic(
                          "sms-execution-expiry",
                          sweepPeriod(config.nodeHeartbeatTimeout()).multipliedBy(20),
                          sweep));
      HttpServer.Builder builder =
          HttpServer.builder("sms")
              .host(config.host())
              .port(config.port())
              .security(security)
              .failureLedger(store.authFailures())
              .metrics(metrics)
              .clock(config.clock())
              .openApiResource("/openapi/sms.yaml")
              .healthDetails(
                  () -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    // A forwarding client that died fails every invocation: not healthy.
                    details.put("status", forwarding.healthy() ? workers.status() : "degraded");
                    details.put("forwarding", forwarding.healthy() ? "ok" : "failing");
                    details.putAll(store.describe());
                    details.put("workers", workers.report());
                    return details;
                  })
              .service(
                  new FileService(
                      store.files(), config.maxUploadBytes(), config.uploadIdleTimeout()))
              .service(new TaskService(store.tasks(), store.executions(), store.files()))
              .service(
                  new NodeService(
                      store.nodes(),
                      store.nodeResources(),
                      config.clock(),
                      selector::invalidate,
                      security.tokens()::boundTo))
              .service(
                  new NodeResourceService(store.nodes(), store.nodeResources(), config.clock()))
              .service(new ExecutionService(executions, store.nodes()))
              .service(new NodeReconciliationService(executions, store.nodes(), config.clock()))
              .service(
                  new ExecutionLogService(store.executionLogs(), store.executions(), store.nodes()))
              .service(new ExecutionListService(store.executionFinder()))
              .service(new ExecutionControlService(store.executions(), store.nodes()))
              .service(new InvocationService(store.tasks(), selector, forwarding))
              .service(new McpService(store.mcpServers()))
              .service(streams)
              .service(
                  new EndpointGatewayService(
                      store.tasks(), store.executions(), selector, streams, streamClient))
              .service(new NodeBackendsService(store.nodes()))
              .maxBufferedBodyBytes(config.maxInvocationInputBytes());
      // The web console, when its module is on the classpath (the spear jar has it).
      if (SmsServer.class.getResource(CONSOLE + "/index.html") != null) {
        builder.staticSite("/console", CONSOLE);
      }
      HttpServer http = builder.start();
      LOG.info(
          "SMS listening on {}:{} with data in {}", config.host(), http.port(), store.describe());
      return new SmsServer(store, liveness, http, logRetention, expiry);
    } catch (RuntimeException e) {
      if (liveness != null) {
        liveness.close();
      }
      if (logRetention != null) {
        logRetention.close();
      }
      if (expiry != null) {
        expiry.close();
      }
      store.close();
      throw e;
    }
  }

  /** The HTTP port. */
  public int port() {
    return http.port();
  }

  /**
   * {@code 127.0.0.1:<port>} (or {@code https://127.0.0.1:<port>} when serving TLS), the address a
   * local node or client uses.
   */
  public String httpAddr() {
    return (http.scheme().equals("https") ? "https://" : "") + "127.0.0.1:" + port();
  }

  /** Every route served. */
  public List<io.spear.http.Route> routes() {
    return http.routes();
  }

  /** Deletes execution logs past their retention now instead of at the next scheduled sweep. */
  public int sweepExecutionLogs() {
    return logRetention.sweep();
  }

  /** The MCP server registry, e.g. to load a directory of server files at start. */
  public McpServerStore mcpServers() {
    return store.mcpServers();
  }

  /** Ends lost and overdue executions now instead of at the next scheduled sweep. */
  public int expireExecutions() {
    return expiry.sweep();
  }

  // As often as the liveness check: a lost node's executions end soon after it goes offline.
  private static Duration sweepPeriod(Duration nodeTimeout) {
    return Duration.ofMillis(Math.max(50, Math.min(5_000, nodeTimeout.toMillis() / 4)));
  }

  /** Marks silent nodes offline now instead of waiting for the next scheduled check. */
  public int checkNodeLiveness() {
    return liveness.sweep();
  }

  @Override
  public void close() {
    http.close();
    liveness.close();
    expiry.close();
    logRetention.close();
    store.close();
  }
}
