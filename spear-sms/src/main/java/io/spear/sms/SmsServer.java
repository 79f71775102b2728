package io.spear.sms;

import io.micrometer.core.instrument.Gauge;
import io.spear.http.HttpMetrics;
import io.spear.http.HttpServer;
import io.spear.sms.execution.ExecutionService;
import io.spear.sms.file.FileService;
import io.spear.sms.invoke.InvocationService;
import io.spear.sms.invoke.NodeSelector;
import io.spear.sms.node.NodeLivenessMonitor;
import io.spear.sms.node.NodeService;
import io.spear.sms.task.TaskService;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running SMS: the store, the REST API and the node liveness monitor. */
public final class SmsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmsServer.class);

  private final SmsStore store;
  private final NodeLivenessMonitor liveness;
  private final HttpServer http;

  private SmsServer(SmsStore store, NodeLivenessMonitor liveness, HttpServer http) {
    this.store = store;
    this.liveness = liveness;
    this.http = http;
  }

  /** Opens the store and starts serving; returns once the port listens. */
  public static SmsServer start(SmsConfig config) {
    SmsStore store = SmsStore.open(config);
    NodeLivenessMonitor liveness = null;
    try {
      HttpMetrics metrics = new HttpMetrics();
      Gauge.builder("spear.sms.file.bytes.stored", store.files(), f -> f.storedBytes())
          .description("Bytes of file content stored, counted once per distinct content")
          .baseUnit("bytes")
          .register(metrics.registry());
      NodeSelector selector = new NodeSelector(store.nodes(), config.clock());
      // Other replicas' node changes (a shared store) drop the snapshot too, not only ours.
      store.nodeChanges().subscribe(uuid -> selector.invalidate());
      liveness =
          new NodeLivenessMonitor(
                  store.nodes(),
                  config.nodeHeartbeatTimeout(),
                  config.clock(),
                  selector::invalidate)
              .start();
      HttpServer http =
          HttpServer.builder("sms")
              .host(config.host())
              .port(config.port())
              .metrics(metrics)
              .openApiResource("/openapi/sms.yaml")
              .healthDetails(store::describe)
              .service(new FileService(store.files(), config.maxUploadBytes()))
              .service(new TaskService(store.tasks()))
              .service(new NodeService(store.nodes(), config.clock(), selector::invalidate))
              .service(new ExecutionService(store.executions()))
              .service(new InvocationService(store.tasks(), selector))
              .maxBufferedBodyBytes(config.maxInvocationInputBytes())
              .start();
      LOG.info(
          "SMS listening on {}:{} with data in {}", config.host(), http.port(), store.describe());
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
