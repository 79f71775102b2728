package io.spear.sms;

import io.micrometer.core.instrument.Gauge;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.sms.execution.ExecutionService;
import io.spear.sms.file.FileService;
import io.spear.sms.invoke.InvocationService;
import io.spear.sms.invoke.NodeSelector;
import io.spear.sms.mcp.McpServerStore;
import io.spear.sms.mcp.McpService;
import io.spear.sms.node.NodeLivenessMonitor;
import io.spear.sms.node.NodeService;
import io.spear.sms.sqlite.EmbeddedStore;
import io.spear.sms.task.TaskService;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SMS: the store, the REST API and the node liveness monitor. */
public final class SmsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmsServer.class);

  private final EmbeddedStore store;
  private final NodeLivenessMonitor liveness;
  private final HttpServer http;

  private SmsServer(EmbeddedStore store, NodeLivenessMonitor liveness, HttpServer http) {
    this.store = store;
    this.liveness = liveness;
    this.http = http;
  }

  /** Opens the store and starts serving; returns once the port listens. */
  public static SmsServer start(SmsConfig config) {
    EmbeddedStore store = EmbeddedStore.open(config.dataDir(), config.clock());
    NodeLivenessMonitor liveness = null;
    try {
      HttpMetrics metrics = new HttpMetrics();
      Gauge.builder("spear.sms.file.bytes.stored", store.files(), f -> f.storedBytes())
          .description("Bytes of file content stored, counted once per distinct content")
          .baseUnit("bytes")
          .register(metrics.registry());
      liveness =
          new NodeLivenessMonitor(store.nodes(), config.nodeHeartbeatTimeout(), config.clock())
              .start();
      HttpServer http =
          HttpServer.builder("sms")
              .host(config.host())
              .port(config.port())
              .metrics(metrics)
              .openApiResource("/openapi/sms.yaml")
              .healthDetails(() -> Map.of("data_dir", config.dataDir().toAbsolutePath().toString()))
              .service(new FileService(store.files(), config.maxUploadBytes()))
              .service(new TaskService(store.tasks()))
              .service(new NodeService(store.nodes(), config.clock()))
              .service(new ExecutionService(store.executions()))
              .service(new InvocationService(store.tasks(), new NodeSelector(store.nodes())))
              .service(new McpService(store.mcpServers()))
              .maxBufferedBodyBytes(config.maxInvocationInputBytes())
              .start();
      LOG.info(
          "SMS listening on {}:{} with data in {}",
          config.host(),
          http.port(),
          config.dataDir().toAbsolutePath());
      return new SmsServer(store, liveness, http);
    } catch (RuntimeException e) {
      if (liveness != null) {
        liveness.close();
      }
      store.close();
      throw e;
    }
  }

  /** The HTTP port. */
  public int port() {
    return http.port();
  }

  /** {@code 127.0.0.1:<port>}, the address a local node or client uses. */
  public String httpAddr() {
    return "127.0.0.1:" + port();
  }

  /** Every route served. */
  public List<io.spear.http.Route> routes() {
    return http.routes();
  }

  /** The MCP server registry, e.g. to load a directory of server files at start. */
  public McpServerStore mcpServers() {
    return store.mcpServers();
  }

  /** Marks silent nodes offline now instead of waiting for the next scheduled check. */
  public int checkNodeLiveness() {
    return liveness.sweep();
  }

  @Override
  public void close() {
    http.close();
    liveness.close();
    store.close();
  }
}
